#include "analysis/limit_check.h"

namespace memscope::analysis {

LimitFigures limit_figures(const TracePass& pass) {
    const HeapTotals& heap = pass.heap().totals();
    LimitFigures f;
    f.peak_heap_bytes = pass.heap().peak().peak_bytes();
    f.leaked_bytes = heap.live_bytes;
    f.allocation_calls = heap.allocation_calls;
    f.temporary_allocations = heap.temporary_allocations;
    return f;
}

std::vector<LimitOutcome> check_limits(const LimitFigures& figures, const Limits& limits) {
    std::vector<LimitOutcome> out;
    if (limits.max_peak_bytes)
        out.push_back({"--max-peak", "peak heap", "peak_heap_bytes", true, figures.peak_heap_bytes,
                       *limits.max_peak_bytes});
    if (limits.max_leaked_bytes)
        out.push_back({"--max-leaked", "leaked", "leaked_bytes", true, figures.leaked_bytes,
                       *limits.max_leaked_bytes});
    if (limits.max_allocations)
        out.push_back({"--max-allocations", "allocation calls", "allocation_calls", false,
                       figures.allocation_calls, *limits.max_allocations});
    if (limits.max_temporary)
        out.push_back({"--max-temporary", "temporary allocations", "temporary_allocations", false,
                       figures.temporary_allocations, *limits.max_temporary});
    return out;
}

}  // namespace memscope::analysis
