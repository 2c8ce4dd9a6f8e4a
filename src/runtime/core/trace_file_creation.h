// Creating the trace file safely: mode 0600, O_EXCL (never overwrite), O_NOFOLLOW
// (never through a symlink). The root process takes the exact expanded name
// (with force, an existing regular file there is unlinked first); any other
// process falls back to NAME.1, NAME.2, ... when the name is taken.
#pragma once

#include <cstdint>

namespace memscope::runtime {

inline constexpr unsigned kTracePathMax = 4096;

struct CreatedTrace {
    int fd = -1;
    int error = 0;  // errno when fd < 0
    char path[kTracePathMax] = {};
};

void create_trace_file(const char* pattern, std::uint32_t pid, bool is_root, bool force,
                       CreatedTrace& out);

// Appends "PID\tPATH\n" to the manifest with one O_APPEND write.
void append_to_manifest(const char* manifest, std::uint32_t pid, const char* path);

}  // namespace memscope::runtime
