// `memscope run`: runs a command with the recorder preloaded and waits for it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace memscope::cli {

struct RunOptions {
    std::string output_pattern;      // -o; empty = "memscope.<program>.%p.mst" in the cwd
    bool force = false;              // --force: overwrite an existing root trace
    unsigned rss_interval_ms = 10;   // --rss-interval; 0 = no RSS samples
    std::string unwind = "fast";     // --unwind: fast, libunwind or fp
    std::string timing = "compact";  // --timing: compact (1 us units, histograms) or exact
    std::string mode = "full";       // --mode: full, sampled or aggregate
    std::uint64_t sample_rate_bytes = 512 * 1024;  // --sample-rate, in sampled mode
    std::string phases_file;  // --phases: named time windows stored in the traces

    std::string stream;                // --stream unix:PATH | tcp:HOST:PORT
    bool stream_allow_remote = false;  // --stream-allow-remote: a non-loopback tcp address
    unsigned stream_wait_s = 0;        // --stream-wait: the root waits for a first client
    bool live = false;                 // --live: stream to a private socket and show the view
    std::vector<std::string> command;
};

// Exit status of the target (128 + signal if a signal killed it); 125 when
// memscope itself failed, 126 when the command cannot be recorded (static,
// setuid/setgid, not executable, wrong architecture), 127 when it is not found.
// Prints "memscope: trace written to PATH" to stderr for every trace written.
// A --phases file that cannot be used is reported before anything runs (2).
int run_command(const RunOptions& options);

}  // namespace memscope::cli
