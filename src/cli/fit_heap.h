// The heap side of `memscope fit` beyond the replay itself: whether a trace
// can be replayed block by block, the sites of allocator overhead, and the
// arena map at the memory peak.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/allocator_model.h"
#include "analysis/arena_map.h"
#include "analysis/target_heap.h"
#include "cli/trace_session.h"
#include "report/fit_view.h"

namespace memscope::cli {

// False after printing why when the trace cannot be replayed block by block
// (aggregate or sampled).
bool trace_has_blocks(const std::string& path);

// The sites costing the most allocator overhead at the footprint peak: the
// stacks' figures merged by site, at most limit of them (0: all).
std::vector<report::FitSite> overhead_sites(const analysis::TargetHeap& target,
                                            TraceSession& session, std::size_t limit);

// The arena at the heap memory peak: a second replay keeps the holes right
// after the allocation that reached it. Holes are not kept at every new peak
// during the first replay, which would cost a copy of them per peak.
std::optional<analysis::ArenaMap> arena_at_memory_peak(const std::string& path,
                                                       const analysis::AllocatorModel& model,
                                                       const analysis::TargetHeap& first,
                                                       std::size_t cells);

}  // namespace memscope::cli
