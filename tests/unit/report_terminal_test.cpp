// Colour and the progress bar are for terminals only: these tests give the
// decisions a real terminal (a pseudo-terminal), so they fail if a check is
// lost, which a test whose output is a pipe cannot see.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "report/progress_bar.h"
#include "report/text_style.h"
#include "support/pseudo_terminal.h"

namespace memscope::report {
namespace {

// Sets or unsets an environment variable for one test, then restores it.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value != nullptr)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }

  private:
    const char* name_;
    std::optional<std::string> old_;
};

class Pipe {
  public:
    Pipe() { EXPECT_EQ(::pipe(fds_), 0); }
    ~Pipe() {
        ::close(fds_[0]);
        ::close(fds_[1]);
    }
    int write_fd() const { return fds_[1]; }

  private:
    int fds_[2] = {-1, -1};
};

TEST(TerminalColour, OnATerminalWithoutNoColor) {
    testing::PseudoTerminal pty;
    ScopedEnv no_color("NO_COLOR", nullptr);
    EXPECT_TRUE(TextStyle::for_stream(pty.terminal_fd()).colour());
}

TEST(TerminalColour, NoColorSetTurnsItOffEvenOnATerminal) {
    testing::PseudoTerminal pty;
    ScopedEnv no_color("NO_COLOR", "1");
    EXPECT_FALSE(TextStyle::for_stream(pty.terminal_fd()).colour());
}

TEST(TerminalColour, EmptyNoColorCountsAsUnset) {
    // no-color.org: only a non-empty value disables colour.
    testing::PseudoTerminal pty;
    ScopedEnv no_color("NO_COLOR", "");
    EXPECT_TRUE(TextStyle::for_stream(pty.terminal_fd()).colour());
}

TEST(TerminalColour, NeverIntoAPipe) {
    Pipe pipe;
    ScopedEnv no_color("NO_COLOR", nullptr);
    EXPECT_FALSE(TextStyle::for_stream(pipe.write_fd()).colour());
}

TEST(TerminalProgress, DrawnOnlyOnATerminalThatCanRedraw) {
    testing::PseudoTerminal pty;
    Pipe pipe;
    {
        ScopedEnv term("TERM", "xterm");
        EXPECT_TRUE(ProgressBar::wanted_on(pty.terminal_fd()));
        EXPECT_FALSE(ProgressBar::wanted_on(pipe.write_fd()));
    }
    ScopedEnv term("TERM", "dumb");
    EXPECT_FALSE(ProgressBar::wanted_on(pty.terminal_fd()));
}

}  // namespace
}  // namespace memscope::report
