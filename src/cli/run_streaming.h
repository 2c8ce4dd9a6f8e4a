// The streaming side of `memscope run`: --stream ADDR and --live. Checks the
// address before anything runs, hands it to the recorder through the
// environment, and for --live sends the program's output to a file and runs
// the live view in this terminal while the program runs.
#pragma once

#include <sys/types.h>

#include <array>
#include <string>

#include "cli/run_command.h"
#include "cli/run_environment.h"

namespace memscope::cli {

class RunStreaming {
  public:
    // Empty when the options can be used, else why not (bad or non-loopback
    // address, no private socket directory). trace_pattern: the absolute -o pattern.
    std::string prepare(const RunOptions& options, const std::string& trace_pattern);
    void add_to(RecorderEnvironment& recorder) const;

    // In the forked child, before exec (no allocation): with --live, stdin
    // from /dev/null and stdout/stderr to the output file.
    void redirect_program_output() const;
    // In memscope after the program started: with --live, the view, until the
    // user quits (the program runs on if it has not finished).
    void show_live_view(pid_t program) const;

  private:
    std::string stream_;
    bool allow_remote_ = false;
    unsigned wait_ms_ = 0;
    bool live_ = false;
    std::string live_directory_;
    std::string output_pattern_;  // --live: the program's output file, %p = its pid
    mutable std::array<char, 4200> output_path_{};
};

}  // namespace memscope::cli
