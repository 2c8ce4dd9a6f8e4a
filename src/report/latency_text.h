// `memscope latency` as text: percentile tables per function, size class and
// thread, the slowest calls with their stacks, and a verdict per slow class.
#pragma once

#include <string>
#include <vector>

#include "analysis/call_latency.h"
#include "analysis/symbolized_stack.h"
#include "report/text_style.h"

namespace memscope::report {

// stacks[i] is the allocation stack of latency.slowest()[i]; outliers: how
// many of the slowest calls to print.
std::string latency_text(const analysis::CallLatency& latency,
                         const std::vector<analysis::SymbolizedStack>& stacks, std::size_t outliers,
                         const TextStyle& style);

}  // namespace memscope::report
