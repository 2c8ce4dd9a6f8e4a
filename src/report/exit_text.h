// How a traced process ended, in words: "exited with status 0", "killed by
// signal 11 (SIGSEGV)", "replaced by exec", "unknown".
#pragma once

#include <cstdint>
#include <string>

#include "analysis/process_facts.h"

namespace memscope::report {

std::string exit_text(analysis::ExitKind kind, std::uint64_t value);

}  // namespace memscope::report
