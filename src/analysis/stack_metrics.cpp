#include "analysis/stack_metrics.h"

#include <algorithm>
#include <unordered_map>

namespace memscope::analysis {

std::uint64_t StackMetricsTotals::value(SiteMetric metric) const {
    switch (metric) {
        case SiteMetric::kPeak:
            return peak_heap_bytes;
        case SiteMetric::kLeaked:
            return leaked_bytes;
        case SiteMetric::kAllocations:
            return allocation_calls;
        case SiteMetric::kTemporary:
            return temporary_allocations;
        case SiteMetric::kAllocated:
            return allocated_bytes;
    }
    return 0;
}

bool metric_is_bytes(SiteMetric metric) {
    return metric == SiteMetric::kPeak || metric == SiteMetric::kLeaked ||
           metric == SiteMetric::kAllocated;
}

StackMetricsTable collect_stack_metrics(const trace::TraceReader& reader, const TracePass& pass,
                                        StackSymbolizer& stacks) {
    StackMetricsTable table;
    table.truncated = reader.truncated();
    table.sample_rate_bytes = pass.heap().weighting().sample_rate_bytes();
    table.truncation_reason = reader.truncation_reason();
    const PeakTracker& peak = pass.heap().peak();

    std::vector<std::string> signatures;
    std::unordered_map<std::string, std::size_t> by_signature;
    for (const StackUsage& u : pass.heap().stacks()) {
        const SymbolizedStack& stack = stacks.stack(u.stack);
        std::string signature = stack_signature(stack);
        const auto [it, fresh] = by_signature.try_emplace(signature, table.rows.size());
        if (fresh) {
            StackMetrics row;
            row.stack = stack;
            table.rows.push_back(std::move(row));
            signatures.push_back(std::move(signature));
        }
        StackMetrics& row = table.rows[it->second];
        row.peak_bytes += peak.bytes_at_peak(u);
        row.peak_blocks += peak.blocks_at_peak(u);
        row.leaked_bytes += u.live_bytes;
        row.leaked_blocks += u.live_blocks;
        row.allocated_bytes += u.allocated_bytes;
        row.allocations += u.allocations;
        row.temporary += u.temporary;
    }

    std::vector<std::size_t> order(table.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const StackMetrics& x = table.rows[a];
        const StackMetrics& y = table.rows[b];
        if (x.allocated_bytes != y.allocated_bytes) return x.allocated_bytes > y.allocated_bytes;
        if (x.allocations != y.allocations) return x.allocations > y.allocations;
        return signatures[a] < signatures[b];
    });
    std::vector<StackMetrics> sorted;
    sorted.reserve(order.size());
    for (const std::size_t i : order) sorted.push_back(std::move(table.rows[i]));
    table.rows = std::move(sorted);

    StackMetricsTotals& t = table.totals;
    for (const StackMetrics& row : table.rows) {
        t.peak_heap_bytes += row.peak_bytes;
        t.leaked_bytes += row.leaked_bytes;
        t.leaked_blocks += row.leaked_blocks;
        t.allocated_bytes += row.allocated_bytes;
        t.allocation_calls += row.allocations;
        t.temporary_allocations += row.temporary;
    }
    return table;
}

}  // namespace memscope::analysis
