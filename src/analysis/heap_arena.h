// One simulated heap arena: blocks go into free holes or on top of the
// arena, freed blocks merge with free neighbours, and free space that reaches
// the top lowers the top. How a hole is chosen is the allocator's placement
// policy (best_fit_arena.h, first_fit_arena.h); what the arena measures is
// the memory a program's order of allocations and frees needs, holes and all.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

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
    Placement place(std::uint64_t block_bytes);
    // Gives back a placement place() returned.
    void release(const Placement& placement);

    std::uint64_t top() const { return top_; }                // arena in use, holes included
    std::uint64_t hole_bytes() const { return hole_bytes_; }  // free below the top
    std::uint64_t holes() const { return holes_; }
    virtual std::uint64_t largest_hole() const = 0;

    struct Hole {
        std::uint64_t offset = 0;
        std::uint64_t bytes = 0;
    };
    // Every hole, lowest first.
    virtual std::vector<Hole> hole_list() const = 0;

  protected:
    // A hole's rest smaller than min_split_bytes stays with the block placed
    // in it: an allocator keeps no free block smaller than its smallest.
    explicit HeapArena(std::uint64_t min_split_bytes) : min_split_bytes_(min_split_bytes) {}

    // The policy: which hole a block of bytes goes to; none when no hole holds it.
    virtual std::optional<Hole> fitting_hole(std::uint64_t bytes) const = 0;
    virtual std::optional<Hole> hole_starting_at(std::uint64_t offset) const = 0;
    virtual std::optional<Hole> hole_ending_at(std::uint64_t offset) const = 0;
    // The policy's index of holes; the counts are kept here.
    virtual void index_hole(const Hole& hole) = 0;
    virtual void unindex_hole(const Hole& hole) = 0;

  private:
    void add_hole(const Hole& hole);
    void remove_hole(const Hole& hole);

    std::uint64_t min_split_bytes_;
    std::uint64_t top_ = 0;
    std::uint64_t hole_bytes_ = 0;
    std::uint64_t holes_ = 0;
};

std::unique_ptr<HeapArena> make_heap_arena(PlacementPolicy policy, std::uint64_t min_split_bytes);

}  // namespace memscope::analysis
