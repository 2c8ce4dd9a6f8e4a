#include "analysis/heap_arena.h"

#include "analysis/best_fit_arena.h"
#include "analysis/first_fit_arena.h"

namespace memscope::analysis {

std::unique_ptr<HeapArena> make_heap_arena(PlacementPolicy policy, std::uint64_t min_split_bytes) {
    if (policy == PlacementPolicy::kFirstFit)
        return std::make_unique<FirstFitArena>(min_split_bytes);
    return std::make_unique<BestFitArena>(min_split_bytes);
}

}  // namespace memscope::analysis
