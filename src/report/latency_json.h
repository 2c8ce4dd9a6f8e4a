// `memscope latency --json`. Field names are a contract (docs/cli.md).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/call_latency.h"
#include "analysis/symbolized_stack.h"

namespace memscope::report {

// stacks[i] is the allocation stack of latency.slowest()[i].
nlohmann::ordered_json latency_json(const std::string& trace, const analysis::CallLatency& latency,
                                    const std::vector<analysis::SymbolizedStack>& stacks);

}  // namespace memscope::report
