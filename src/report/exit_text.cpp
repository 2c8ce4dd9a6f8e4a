#include "report/exit_text.h"

#include <signal.h>
#include <string.h>

#include <fmt/format.h>

namespace memscope::report {

namespace {

std::string signal_name(std::uint64_t sig) {
    if (sig == 0 || sig >= static_cast<std::uint64_t>(NSIG)) return "";
    const char* abbrev = ::sigabbrev_np(static_cast<int>(sig));
    return abbrev ? std::string("SIG") + abbrev : "";
}

}  // namespace

std::string exit_text(analysis::ExitKind kind, std::uint64_t value) {
    switch (kind) {
        case analysis::ExitKind::kExit:
            return fmt::format("exited with status {}", value);
        case analysis::ExitKind::kSignal: {
            const std::string name = signal_name(value);
            return name.empty() ? fmt::format("killed by signal {}", value)
                                : fmt::format("killed by signal {} ({})", value, name);
        }
        case analysis::ExitKind::kExec:
            return "replaced by exec (the new image has its own trace)";
        case analysis::ExitKind::kUnknown:
            break;
    }
    return "unknown (no exit record)";
}

}  // namespace memscope::report
