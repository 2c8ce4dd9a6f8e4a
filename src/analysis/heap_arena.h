// One simulated heap arena: blocks go into free holes or on top of the
// arena, freed blocks merge with free neighbours, and free space that reaches
// the top lowers the top. How a hole is chosen is the allocator's placement
// policy (best_fit_arena.h, first_fit_arena.h); what the arena measures is
// the memory a program's order of allocations and frees needs, holes and all.
#pragma once

#include <cstdint>
#include <memory>

namespace memscope::analysis {

enum class PlacementPolicy {
    kBestFit,   // the smallest hole that holds the block (dlmalloc, glibc, TLSF's good fit)
    kFirstFit,  // the lowest hole that holds the block (FreeRTOS heap_4, K&R malloc)
};

class HeapArena {
  public:
    struct Placement {
        std::uint64_t offset = 0;
        std::uint64_t bytes = 0;  // at least the block's; more when it took a hole's rest
    };

    virtual ~HeapArena() = default;
    virtual Placement place(std::uint64_t block_bytes) = 0;
    // Gives back a placement place() returned.
    virtual void release(const Placement& placement) = 0;

    std::uint64_t top() const { return top_; }                // arena in use, holes included
    std::uint64_t high_water() const { return high_water_; }  // largest top so far
    std::uint64_t hole_bytes() const { return hole_bytes_; }  // free below the top
    virtual std::uint64_t largest_hole() const = 0;
    virtual std::uint64_t holes() const = 0;

  protected:
    // A hole's rest smaller than min_split_bytes stays with the block placed
    // in it: an allocator keeps no free block smaller than its smallest.
    explicit HeapArena(std::uint64_t min_split_bytes) : min_split_bytes_(min_split_bytes) {}

    Placement place_on_top(std::uint64_t block_bytes) {
        const Placement placement{top_, block_bytes};
        top_ += block_bytes;
        if (top_ > high_water_) high_water_ = top_;
        return placement;
    }
    // The rest a block of block_bytes leaves in a hole of hole_bytes when
    // the allocator splits it, else 0 (the block takes the whole hole).
    std::uint64_t split_rest(std::uint64_t hole_bytes, std::uint64_t block_bytes) const {
        const std::uint64_t rest = hole_bytes - block_bytes;
        return rest != 0 && rest >= min_split_bytes_ ? rest : 0;
    }

    std::uint64_t min_split_bytes_;
    std::uint64_t top_ = 0;
    std::uint64_t high_water_ = 0;
    std::uint64_t hole_bytes_ = 0;
};

std::unique_ptr<HeapArena> make_heap_arena(PlacementPolicy policy, std::uint64_t min_split_bytes);

}  // namespace memscope::analysis
