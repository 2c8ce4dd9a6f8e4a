#include "runtime/core/session.h"

#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "runtime/core/aggregate_recording.h"
#include "runtime/core/clock.h"
#include "runtime/core/event_clock.h"
#include "runtime/core/file_header.h"
#include "runtime/core/record_encoder.h"
#include "runtime/core/recorder.h"
#include "runtime/core/recorder_memory.h"
#include "runtime/core/recorder_warning.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/core/system_calls.h"
#include "runtime/core/thread_stream.h"
#include "runtime/core/trace_file_creation.h"
#include "runtime/core/trace_flusher.h"
#include "runtime/core/writer_thread.h"

namespace memscope::runtime {

namespace {

constexpr std::uint64_t kExecOwnerWaitNs = 5ull * 1000000000ull;
constexpr std::uint32_t kMaxCommandLine = 64 * 1024;

void disable(const char* why, const char* detail = nullptr) {
    Recorder& r = g_recorder;
    r.state.store(kOff, std::memory_order_relaxed);
    if (r.warned) return;
    r.warned = true;
    if (detail != nullptr)
        warn_line("cannot write trace ", r.trace_path, ": ", detail, "; recording disabled");
    else
        warn_line(why, "; recording disabled");
}

std::uint64_t max_rss_bytes() {
    rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

bool write_header(std::uint64_t start_ns) {
    Recorder& r = g_recorder;
    const std::uint32_t scratch_size = 2 * kTracePathMax + kMaxCommandLine + 1024;
    auto* scratch = static_cast<std::uint8_t*>(recorder_map(scratch_size * 2));
    if (scratch == nullptr) return false;
    char* text = reinterpret_cast<char*>(scratch + scratch_size);

    char* hostname = text;
    if (gethostname(hostname, 256) != 0) hostname[0] = '\0';
    hostname[255] = '\0';
    char* exe = text + 256;
    const ssize_t exe_len = readlink("/proc/self/exe", exe, kTracePathMax - 1);
    char* cmdline = exe + kTracePathMax;
    long cmd_len = 0;
    const int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        cmd_len = read_whole(fd, cmdline, kMaxCommandLine);
        close(fd);
    }
    if (cmd_len < 0) cmd_len = 0;
    if (cmd_len > 0 && cmdline[cmd_len - 1] == '\0') --cmd_len;  // separators, not terminators

    HeaderFields f;
    f.pid = r.pid;
    f.ppid = static_cast<std::uint32_t>(getppid());
    f.rank = r.settings.rank;
    f.page_size = r.page_size;
    f.start_monotonic_ns = start_ns;
    f.time_resolution_ns = r.settings.columns.timing == format::ColumnTiming::kCompact
                               ? std::uint64_t{1} << format::kCompactTimeShift
                               : 1;
    // Calibration: realtime at the start, from one paired reading now.
    const std::uint64_t mono_now = event_clock_ns();
    const std::uint64_t real_now = read_clock_ns(CLOCK_REALTIME);
    f.start_realtime_ns = real_now - (mono_now - start_ns);
    f.mode = static_cast<std::uint32_t>(r.settings.mode);
    f.sample_rate_bytes = r.settings.sample_rate_bytes;
    f.hostname = hostname;
    f.hostname_length = static_cast<std::uint32_t>(strlen(hostname));
    f.executable = exe;
    f.executable_length = exe_len > 0 ? static_cast<std::uint32_t>(exe_len) : 0;
    f.command_line = cmdline;
    f.command_line_length = static_cast<std::uint32_t>(cmd_len);
    const std::uint32_t size = build_file_header(f, scratch, scratch_size);
    const bool ok = size != 0 && r.output.write_bytes(scratch, size);
    recorder_unmap(scratch, scratch_size * 2);
    return ok;
}

}  // namespace

bool start_session(const RecorderSettings& settings) {
    RecorderScope scope;
    Recorder& r = g_recorder;
    if (r.state.load(std::memory_order_relaxed) != kBuffering) return false;
    if (&settings != &r.settings) r.settings = settings;
    r.pid = static_cast<std::uint32_t>(getpid());
    std::memcpy(r.trace_path, r.settings.output_pattern, sizeof(r.trace_path));
    if (!ensure_recorder_core() || !r.output.init(r.settings.columns)) {
        disable("cannot start the recorder: out of memory");
        return false;
    }
    CreatedTrace created;
    create_trace_file(r.settings.output_pattern, r.pid, r.settings.is_root, r.settings.force,
                      created);
    std::memcpy(r.trace_path, created.path, sizeof(r.trace_path));
    if (created.fd < 0) {
        disable(nullptr, strerror(created.error));
        return false;
    }
    r.output.attach(created.fd, 0, r.trace_path);
    if (!write_header(r.start_ns)) {
        disable(nullptr, strerror(r.output.error() != 0 ? r.output.error() : EIO));
        return false;
    }
    // Module loads are dated at the recorder's start: earlier than any event,
    // including those buffered before this session began.
    if (!start_process_stream(r.start_ns)) {
        disable("cannot start the recorder: out of memory");
        return false;
    }
    if (r.settings.scan_modules) r.modules.scan(r.process_stream, r.start_ns, true);
    r.statm.adopt(open("/proc/self/statm", O_RDONLY | O_CLOEXEC));
    append_to_manifest(r.settings.manifest, r.pid, r.trace_path);
    r.stream.configure_from_environment();
    if (r.stream.listen(r.pid, r.settings.is_root))
        r.stream.wait_for_first_client(r.settings.is_root);  // before the writer accepts it
    r.state.store(kRecording, std::memory_order_release);
    if (!start_writer_thread()) {
        disable("cannot start the writer thread");
        return false;
    }
    return true;
}

void finish_session(format::ExitHow how, std::uint64_t value, std::uint64_t owner_wait_ns) {
    RecorderScope scope;
    Recorder& r = g_recorder;
    const std::uint32_t state = r.state.load(std::memory_order_relaxed);
    if (state == kOff) return;
    if (state == kBuffering) {
        r.state.store(kOff, std::memory_order_relaxed);
        return;
    }
    if (static_cast<std::uint32_t>(getpid()) != r.pid) return;
    if (!r.file_owner.acquire_within(current_tid(), owner_wait_ns)) {
        r.state.store(kOff, std::memory_order_relaxed);
        return;
    }
    // From here on nothing new is recorded; what was committed is written.
    r.state.store(kOff, std::memory_order_relaxed);
    r.writer_stop.store(true, std::memory_order_release);
    wake_writer();
    flush_everything();
    const std::uint64_t now = event_clock_ns();
    if (r.settings.mode == format::RecordMode::kAggregate)
        write_aggregate_totals(r.process_stream, now);
    put_plain(r.process_stream, format::RecordType::kProcessExit, now, 3,
              static_cast<std::uint64_t>(how), value, max_rss_bytes());
    flush_process_stream();
    r.output.write_end(now);
    r.stream.finish(r.trace_path, r.output.offset());
    r.output.close_file();
    // The file owner is kept: nothing may be written after the end chunk.
}

bool begin_exec(const char* path) {
    RecorderScope scope;
    Recorder& r = g_recorder;
    if (r.state.load(std::memory_order_relaxed) != kRecording) return false;
    if (static_cast<std::uint32_t>(getpid()) != r.pid) return false;
    if (!r.file_owner.acquire_within(current_tid(), kExecOwnerWaitNs)) return false;
    flush_everything();
    r.exec_rollback_offset = r.output.offset();
    const std::uint64_t now = event_clock_ns();
    const char* shown = path != nullptr ? path : "";
    put_text(r.process_stream, format::RecordType::kExec, now, shown,
             static_cast<std::uint32_t>(strnlen(shown, 4096)));
    if (r.settings.mode == format::RecordMode::kAggregate)
        write_aggregate_totals(r.process_stream, now);
    put_plain(r.process_stream, format::RecordType::kProcessExit, now, 3,
              static_cast<std::uint64_t>(format::ExitHow::kExec), 0, max_rss_bytes());
    flush_process_stream();
    r.output.write_end(now);
    // The stream ends with this image; with %p in its address the new image
    // serves a stream of its own there.
    r.stream.finish(r.trace_path, r.output.offset());
    return true;
}

void abort_exec() {
    RecorderScope scope;
    Recorder& r = g_recorder;
    r.output.truncate_to(r.exec_rollback_offset);
    r.file_owner.release();
}

void restart_session_in_fork_child() {
    Recorder& r = g_recorder;
    // fork() from a signal handler that interrupted a hook: the interrupted
    // hook will go on using the parent's buffers once the handler returns, so
    // they must stay mapped. Such a child is not recorded.
    if (inside_recorder()) {
        r.state.store(kOff, std::memory_order_relaxed);
        return;
    }
    RecorderScope scope;
    forget_current_thread();
    if (r.state.load(std::memory_order_relaxed) == kOff) return;
    r.output.close_file();  // the parent's; the child opens its own
    r.statm.close_if_ours();
    recorder_unmap_all();
    r.stream.forget_in_child();
    forget_aggregate_tables();
    r.output = TraceOutput();
    r.process_stream = RecordStream();
    r.file_owner.reset();
    r.lost_events.store(0, std::memory_order_relaxed);
    r.lost_reported = 0;
    r.writer_running.store(false, std::memory_order_relaxed);
    r.writer_stop.store(false, std::memory_order_relaxed);
    r.warned = false;
    r.core.store(kCoreNone, std::memory_order_relaxed);
    r.settings.is_root = false;
    r.state.store(kBuffering, std::memory_order_relaxed);
    start_session(r.settings);
}

}  // namespace memscope::runtime
