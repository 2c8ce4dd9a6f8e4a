// Every metric of every allocation stack in one table: the input of the
// exports (pprof, folded, speedscope, JSON/CSV) and of `memscope diff`.
// A row is a full symbolized stack; stacks that print identically (the same
// frames reached through different return addresses) are one row, as in
// `leaks` and `summary`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/site_ranking.h"
#include "analysis/symbolized_stack.h"
#include "analysis/trace_pass.h"
#include "trace/trace_reader.h"

namespace memscope::analysis {

struct StackMetrics : SiteFigures {
    SymbolizedStack stack;  // innermost first; the first of the merged stacks
    std::uint64_t peak_blocks = 0;
};

// Whole-trace figures; each equals the sum of the rows' column (peak_heap_bytes
// is the sum of peak_bytes: the stacks' shares of the peak add up to it).
struct StackMetricsTotals {
    std::uint64_t peak_heap_bytes = 0;
    std::uint64_t leaked_bytes = 0;
    std::uint64_t leaked_blocks = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t allocation_calls = 0;
    std::uint64_t temporary_allocations = 0;

    std::uint64_t value(SiteMetric metric) const;
};

struct StackMetricsTable {
    std::uint64_t sample_rate_bytes = 0;  // sampled trace: the figures are estimates
    bool truncated = false;
    std::string truncation_reason;
    StackMetricsTotals totals;
    // Sorted by allocated bytes, then allocations, then how the stack prints,
    // so the order is the same from run to run.
    std::vector<StackMetrics> rows;
};

StackMetricsTable collect_stack_metrics(const trace::TraceReader& reader, const TracePass& pass,
                                        StackSymbolizer& stacks);

// The unit a metric is counted in: "bytes" for peak/leaked/allocated, "count"
// for allocations/temporary.
bool metric_is_bytes(SiteMetric metric);

}  // namespace memscope::analysis
