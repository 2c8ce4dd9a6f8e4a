// What the free space of a simulated arena looks like at one moment: how
// full each slice of the arena is (a fragmentation map), and the holes by
// size. Many holes too small for the blocks the program asks for are what
// makes an arena larger than its blocks.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/heap_arena.h"

namespace memscope::analysis {

struct HoleSizeClass {
    std::uint64_t min_bytes = 0;  // a power of two; the class holds [min, 2 min)
    std::uint64_t holes = 0;
    std::uint64_t bytes = 0;
};

struct ArenaMap {
    std::uint64_t arena_bytes = 0;
    std::uint64_t cell_bytes = 0;  // each cell's share of the arena (the last may be shorter)
    std::vector<double> used;      // per cell, the share of it in blocks: 0 free .. 1 full
    std::vector<HoleSizeClass> hole_sizes;  // smallest first, empty classes left out
};

// holes: lowest first, all below arena_bytes (HeapArena::hole_list).
ArenaMap arena_map(const std::vector<HeapArena::Hole>& holes, std::uint64_t arena_bytes,
                   std::size_t cells);

}  // namespace memscope::analysis
