// A pseudo-terminal pair for tests of terminal-only output (colour, the
// progress bar): the terminal side is a file descriptor isatty() accepts.
#pragma once

namespace memscope::testing {

class PseudoTerminal {
  public:
    PseudoTerminal();  // throws std::runtime_error when no pty can be opened
    ~PseudoTerminal();
    PseudoTerminal(const PseudoTerminal&) = delete;
    PseudoTerminal& operator=(const PseudoTerminal&) = delete;

    // The side a program writes to: a terminal.
    int terminal_fd() const { return terminal_; }

  private:
    int controller_ = -1;
    int terminal_ = -1;
};

}  // namespace memscope::testing
