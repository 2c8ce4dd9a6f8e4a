// Groups per-stack figures by how the stacks print, heaviest first: stacks
// whose symbolized frames are identical (the same line reached through
// different return addresses, say) are one row in a report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "analysis/stack_usage.h"
#include "analysis/symbolized_stack.h"

namespace memscope::analysis {

// Memory one stack (or several printing identically) held at a moment.
struct StackShare {
    std::uint64_t bytes = 0;
    std::uint64_t blocks = 0;
    SymbolizedStack frames;
};

struct StackFigures {
    std::uint64_t bytes = 0;
    std::uint64_t blocks = 0;
};

// figures(usage) gives each stack's share; stacks with zero bytes and blocks
// are left out. limit 0 keeps every group. total_groups receives the count
// before the limit when given.
std::vector<StackShare> group_stack_shares(
    const std::vector<StackUsage>& usages, StackSymbolizer& symbolizer,
    const std::function<StackFigures(const StackUsage&)>& figures, std::size_t limit,
    std::size_t* total_groups = nullptr);

}  // namespace memscope::analysis
