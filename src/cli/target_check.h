// Whether a command can be recorded by a preloaded library, decided before
// running it: found (PATH search like execvp), executable, not setuid/setgid,
// and, for an ELF file, dynamically linked and of the recorder's class.
// Scripts (#!) are accepted: their interpreter is what gets recorded.
#pragma once

#include <string>

namespace memscope::cli {

struct TargetCheck {
    int exit_code = 0;    // 0 = recordable; else 126 or 127
    std::string path;     // the file that will be executed
    std::string message;  // why not, ready for stderr
};

TargetCheck check_target(const std::string& command);

}  // namespace memscope::cli
