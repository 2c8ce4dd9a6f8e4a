// `memscope leaks`: heap blocks still live when the trace ends, grouped by the
// stack that allocated them. In a truncated trace these are blocks live at the
// point where the trace stops, not necessarily leaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/stack_shares.h"
#include "analysis/trace_pass.h"
#include "trace/trace_reader.h"

namespace memscope::analysis {

struct LeakReport {
    std::uint64_t sample_rate_bytes = 0;  // sampled trace: the figures are estimates
    bool truncated = false;
    std::string truncation_reason;
    std::uint64_t leaked_bytes = 0;
    std::uint64_t leaked_blocks = 0;
    std::vector<StackShare> leaks;  // heaviest first
    std::size_t total_groups = 0;   // before the limit
};

// limit 0 keeps every group.
LeakReport find_leaks(const trace::TraceReader& reader, const TracePass& pass,
                      StackSymbolizer& stacks, std::size_t limit);

}  // namespace memscope::analysis
