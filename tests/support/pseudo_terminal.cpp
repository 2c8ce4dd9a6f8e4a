#include "support/pseudo_terminal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace memscope::testing {

PseudoTerminal::PseudoTerminal() {
    controller_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (controller_ < 0 || ::grantpt(controller_) != 0 || ::unlockpt(controller_) != 0) {
        if (controller_ >= 0) ::close(controller_);
        throw std::runtime_error("cannot open a pseudo-terminal");
    }
    const char* name = ::ptsname(controller_);
    terminal_ = name != nullptr ? ::open(name, O_RDWR | O_NOCTTY) : -1;
    if (terminal_ < 0) {
        ::close(controller_);
        throw std::runtime_error("cannot open the terminal side of a pseudo-terminal");
    }
}

PseudoTerminal::~PseudoTerminal() {
    ::close(terminal_);
    ::close(controller_);
}

}  // namespace memscope::testing
