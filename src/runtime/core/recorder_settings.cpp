#include "runtime/core/recorder_settings.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstring>
#include <initializer_list>

#include "runtime/core/recording_mode.h"

namespace memscope::runtime {

namespace {

bool parse_unsigned(const char* text, std::uint64_t& value) {
    if (text == nullptr || *text == '\0') return false;
    std::uint64_t v = 0;
    for (const char* p = text; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(*p - '0');
        if (v > 0xffffffffull) return false;
    }
    value = v;
    return true;
}

bool parse_signed(const char* text, std::int32_t& value) {
    if (text == nullptr) return false;
    const bool negative = text[0] == '-';
    std::uint64_t v = 0;
    if (!parse_unsigned(negative ? text + 1 : text, v) || v > 0x7fffffff) return false;
    value = negative ? -static_cast<std::int32_t>(v) : static_cast<std::int32_t>(v);
    return true;
}

void copy_bounded(char* out, std::size_t capacity, const char* a, const char* b = "",
                  const char* c = "", const char* d = "") {
    std::size_t n = 0;
    for (const char* part : {a, b, c, d})
        for (const char* p = part; *p != '\0' && n + 1 < capacity; ++p) out[n++] = *p;
    out[n] = '\0';
}

// "memscope.<basename of the executable>.%p.mst" in the current directory.
void default_pattern(char* out, std::size_t capacity) {
    char exe[kTracePathMax];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = '\0';
    const char* base = std::strrchr(exe, '/');
    base = base != nullptr ? base + 1 : (exe[0] != '\0' ? exe : "program");
    char cwd[kTracePathMax];
    if (getcwd(cwd, sizeof(cwd)) == nullptr) cwd[0] = '\0';
    copy_bounded(out, capacity, cwd[0] != '\0' ? cwd : ".", "/memscope.", base, ".%p.mst");
}

}  // namespace

void load_settings_from_environment(RecorderSettings& s) {
    const char* output = getenv("MEMSCOPE_OUTPUT");
    if (output != nullptr && output[0] != '\0') {
        if (output[0] == '/') {
            copy_bounded(s.output_pattern, sizeof(s.output_pattern), output);
        } else {
            char cwd[kTracePathMax];
            if (getcwd(cwd, sizeof(cwd)) == nullptr) cwd[0] = '\0';
            if (cwd[0] != '\0')
                copy_bounded(s.output_pattern, sizeof(s.output_pattern), cwd, "/", output);
            else
                copy_bounded(s.output_pattern, sizeof(s.output_pattern), output);
        }
    } else {
        default_pattern(s.output_pattern, sizeof(s.output_pattern));
    }

    const char* force = getenv("MEMSCOPE_FORCE");
    s.force = force != nullptr && std::strcmp(force, "1") == 0;

    std::uint64_t interval = 0;
    if (parse_unsigned(getenv("MEMSCOPE_RSS_INTERVAL_MS"), interval))
        s.rss_interval_ms = static_cast<std::uint32_t>(interval);

    const char* timing = getenv("MEMSCOPE_TIMING");
    if (timing != nullptr && std::strcmp(timing, "exact") == 0)
        s.columns.timing = format::ColumnTiming::kExact;
    // A diagnostic: every chunk as rows, to compare the writer's cost and output.
    const char* columns = getenv("MEMSCOPE_COLUMN_CHUNKS");
    if (columns != nullptr && std::strcmp(columns, "0") == 0) s.columns.column_chunks = false;
    std::uint64_t outlier_ns = 0;
    if (parse_unsigned(getenv("MEMSCOPE_OUTLIER_NS"), outlier_ns) && outlier_ns > 0)
        s.columns.outlier_threshold_ns = outlier_ns;

    const ModeDecision mode = decide_recording_mode(true);
    if (mode == ModeDecision::kSampled) {
        s.mode = format::RecordMode::kSampled;
        s.sample_rate_bytes = g_sample_rate_bytes.load(std::memory_order_relaxed);
    } else if (mode == ModeDecision::kAggregate) {
        s.mode = format::RecordMode::kAggregate;
        // Samples would make the trace grow with the run; the exit record
        // still carries the kernel's peak RSS.
        s.rss_interval_ms = 0;
    }

    const char* manifest = getenv("MEMSCOPE_MANIFEST");
    if (manifest != nullptr) copy_bounded(s.manifest, sizeof(s.manifest), manifest);

    s.is_root = false;
    char* root = getenv("MEMSCOPE_ROOT_PID");
    std::uint64_t root_pid = 0;
    if (parse_unsigned(root, root_pid) && root_pid == static_cast<std::uint64_t>(getpid())) {
        s.is_root = true;
        root[0] = '0';
        root[1] = '\0';
    }

    std::int32_t rank = -1;
    if (parse_signed(getenv("OMPI_COMM_WORLD_RANK"), rank) ||
        parse_signed(getenv("PMI_RANK"), rank))
        s.rank = rank;
}

}  // namespace memscope::runtime
