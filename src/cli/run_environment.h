// The environment `memscope run` gives the recorded command: the recorder
// preloaded, and the MEMSCOPE_* variables the recorder reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace memscope::cli {

// <directory of this executable>/../lib/libmemscope.so, or $MEMSCOPE_LIBRARY.
std::string recorder_library_path();

struct RecorderEnvironment {
    std::string library;         // absolute path of libmemscope.so
    std::string output_pattern;  // absolute
    bool force = false;
    unsigned rss_interval_ms = 10;
    std::string unwind = "fast";                   // MEMSCOPE_UNWIND: fast, libunwind or fp
    std::string timing = "compact";                // MEMSCOPE_TIMING: compact or exact
    std::string mode = "full";                     // MEMSCOPE_MODE: full, sampled or aggregate
    std::uint64_t sample_rate_bytes = 512 * 1024;  // MEMSCOPE_SAMPLE_RATE
    std::string manifest;
    std::string stream;                // MEMSCOPE_STREAM: unix:PATH or tcp:HOST:PORT, "" = none
    bool stream_allow_remote = false;  // MEMSCOPE_STREAM_ALLOW_REMOTE
    unsigned stream_wait_ms = 0;       // MEMSCOPE_STREAM_WAIT_MS
};

// The current environment with LD_PRELOAD (library prepended) and MEMSCOPE_*
// set. The entry "MEMSCOPE_ROOT_PID=" comes last with room for the pid, which
// the child writes with set_root_pid() (no allocation after fork).
std::vector<std::string> build_child_environment(const RecorderEnvironment& recorder);
void set_root_pid(std::string& root_pid_entry, long pid);

}  // namespace memscope::cli
