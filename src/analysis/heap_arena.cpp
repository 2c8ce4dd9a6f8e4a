#include "analysis/heap_arena.h"

#include "analysis/best_fit_arena.h"
#include "analysis/first_fit_arena.h"

namespace memscope::analysis {

HeapArena::Placement HeapArena::place(std::uint64_t block_bytes) {
    const std::optional<Hole> fit = fitting_hole(block_bytes);
    if (!fit) {
        const Placement placement{top_, block_bytes};
        top_ += block_bytes;
        return placement;
    }
    remove_hole(*fit);
    const std::uint64_t rest = fit->bytes - block_bytes;
    if (rest == 0 || rest < min_split_bytes_) return Placement{fit->offset, fit->bytes};
    add_hole(Hole{fit->offset + block_bytes, rest});
    return Placement{fit->offset, block_bytes};
}

void HeapArena::release(const Placement& placement) {
    Hole freed{placement.offset, placement.bytes};
    if (const auto after = hole_starting_at(freed.offset + freed.bytes)) {
        remove_hole(*after);
        freed.bytes += after->bytes;
    }
    if (const auto before = hole_ending_at(freed.offset)) {
        remove_hole(*before);
        freed.offset = before->offset;
        freed.bytes += before->bytes;
    }
    if (freed.offset + freed.bytes == top_) {
        top_ = freed.offset;
        return;
    }
    add_hole(freed);
}

void HeapArena::add_hole(const Hole& hole) {
    index_hole(hole);
    hole_bytes_ += hole.bytes;
    ++holes_;
}

void HeapArena::remove_hole(const Hole& hole) {
    unindex_hole(hole);
    hole_bytes_ -= hole.bytes;
    --holes_;
}

std::unique_ptr<HeapArena> make_heap_arena(PlacementPolicy policy, std::uint64_t min_split_bytes) {
    if (policy == PlacementPolicy::kFirstFit)
        return std::make_unique<FirstFitArena>(min_split_bytes);
    return std::make_unique<BestFitArena>(min_split_bytes);
}

}  // namespace memscope::analysis
