#include "runtime/core/writer_thread.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstring>

#include "format/record_types.h"
#include "runtime/core/clock.h"
#include "runtime/core/event_clock.h"
#include "runtime/core/pressure_sampler.h"
#include "runtime/core/record_encoder.h"
#include "runtime/core/recorder.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/core/system_calls.h"
#include "runtime/core/trace_flusher.h"

namespace memscope::runtime {

namespace {

constexpr std::uint64_t kFlushPeriodNs = 200ull * 1000000ull;
// A stream client (a live view refreshing every 100 ms) wants fresher chunks.
constexpr std::uint64_t kStreamFlushPeriodNs = 50ull * 1000000ull;
constexpr std::uint64_t kMs = 1000000ull;

bool parse_field(const char*& p, const char* end, std::uint64_t& value) {
    while (p < end && *p == ' ') ++p;
    if (p >= end || *p < '0' || *p > '9') return false;
    value = 0;
    while (p < end && *p >= '0' && *p <= '9')
        value = value * 10 + static_cast<std::uint64_t>(*p++ - '0');
    return true;
}

// Resident set size from /proc/self/statm (second field, in pages).
void sample_rss(std::uint64_t now) {
    Recorder& r = g_recorder;
    // Descriptor numbers can be reused by the program: read only from ours,
    // and open the file again if the program closed it.
    if (!r.statm.still_ours()) r.statm.adopt(open("/proc/self/statm", O_RDONLY | O_CLOEXEC));
    if (r.statm.fd() < 0) return;
    char text[128];
    const ssize_t n = pread(r.statm.fd(), text, sizeof(text), 0);
    if (n <= 0) return;
    const char* p = text;
    std::uint64_t size = 0;
    std::uint64_t resident = 0;
    if (!parse_field(p, text + n, size) || !parse_field(p, text + n, resident)) return;
    put_plain(r.process_stream, format::RecordType::kRssSample, now, 1, resident * r.page_size);
}

void report_lost_events(std::uint64_t now) {
    Recorder& r = g_recorder;
    const std::uint64_t lost = r.lost_events.load(std::memory_order_relaxed);
    if (lost == r.lost_reported) return;
    if (put_plain(r.process_stream, format::RecordType::kLostEvents, now, 1,
                  lost - r.lost_reported))
        r.lost_reported = lost;
}

// Value of a "Key:\t..." line of /proc/self/status, or nullptr.
const char* status_field(const char* text, const char* key) {
    const char* p = std::strstr(text, key);
    if (p == nullptr) return nullptr;
    p += std::strlen(key);
    while (*p == ' ' || *p == '\t') ++p;
    return p;
}

// True when the writer is the process's last live thread: the program's main
// thread called pthread_exit (it stays, a zombie, counted in Threads) and every
// other thread ended. glibc ends the process when its last thread exits; the
// writer is counted too, so it must step aside or the process would never end.
bool writer_is_last_thread() {
    const int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char text[4096];
    const long n = read_whole(fd, text, sizeof(text) - 1);
    close(fd);
    if (n <= 0) return false;
    text[n] = '\0';
    const char* state = status_field(text, "\nState:");
    const char* threads = status_field(text, "\nThreads:");
    if (state == nullptr || threads == nullptr) return false;
    const bool one = threads[0] == '1' && threads[1] == '\n';
    const bool two = threads[0] == '2' && threads[1] == '\n';
    return one || (two && state[0] == 'Z');
}

void* writer_main(void*) {
    tls_recorder_depth = 1;  // nothing this thread does is recorded
    prctl(PR_SET_NAME, "memscope-writer", 0, 0, 0);
    Recorder& r = g_recorder;
    const std::uint32_t tid = current_tid();
    const std::uint64_t rss_period = r.settings.rss_interval_ms * kMs;
    const std::uint64_t flush_period = r.stream.active() ? kStreamFlushPeriodNs : kFlushPeriodNs;
    std::uint64_t now = monotonic_ns();
    std::uint64_t next_flush = now + flush_period;
    std::uint64_t next_rss = rss_period != 0 ? now : ~0ull;
    while (!r.writer_stop.load(std::memory_order_acquire)) {
        const std::uint32_t seen = r.wake_word.load(std::memory_order_acquire);
        now = monotonic_ns();
        const std::uint64_t deadline = next_flush < next_rss ? next_flush : next_rss;
        if (r.pool.backlog() == 0 && deadline > now) futex_wait(r.wake_word, seen, deadline - now);
        if (r.writer_stop.load(std::memory_order_acquire)) break;
        if (!r.file_owner.try_acquire(tid)) {
            sleep_ns(kMs);  // an exit or exec path owns the file
            continue;
        }
        if (r.state.load(std::memory_order_relaxed) != kRecording) {
            r.file_owner.release();
            if (r.state.load(std::memory_order_relaxed) == kOff) break;
            sleep_ns(kMs);
            continue;
        }
        now = monotonic_ns();
        const std::uint64_t stamp = event_clock_ns();
        if (now >= next_rss) {
            sample_rss(stamp);
            sample_memory_pressure(r.process_stream, stamp);
            next_rss += rss_period;
            if (next_rss <= now) next_rss = now + rss_period;
        }
        report_lost_events(stamp);
        drain_full_buffers();
        bool last = false;
        if (now >= next_flush) {
            refine_event_clock();
            flush_live_buffers();
            flush_process_stream();
            next_flush = now + flush_period;
            last = writer_is_last_thread();
        }
        r.stream.pump(r.trace_path, r.output.offset(), now);
        r.file_owner.release();
        // Returning makes glibc call exit(0), which finishes the trace from
        // the library destructor, as if the writer had never been there.
        if (last) break;
    }
    r.writer_running.store(false, std::memory_order_release);
    return nullptr;
}

}  // namespace

bool start_writer_thread() {
    Recorder& r = g_recorder;
    r.writer_stop.store(false, std::memory_order_relaxed);
    r.writer_running.store(true, std::memory_order_release);
    // Signals go to the program's threads, never to the writer.
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    const int rc = pthread_create(&thread, &attr, writer_main, nullptr);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (rc != 0) r.writer_running.store(false, std::memory_order_release);
    return rc == 0;
}

}  // namespace memscope::runtime
