// Stacks in text reports: one frame per line, "function at file:line" or
// "module+0xoffset", inline frames marked.
#pragma once

#include <string>

#include "analysis/symbolized_stack.h"
#include "report/text_style.h"

namespace memscope::report {

std::string stack_text(const analysis::SymbolizedStack& stack, const TextStyle& style,
                       const std::string& indent);

}  // namespace memscope::report
