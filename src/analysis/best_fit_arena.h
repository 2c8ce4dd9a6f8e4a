// One simulated heap arena that places blocks by best fit: the smallest free
// hole that holds the block, the lowest such hole on a tie, else the top of
// the arena. Freed blocks merge with free neighbours, and free space at the
// top gives the top back. This is how dlmalloc and glibc choose among their
// free chunks in the large, and TLSF's good fit comes close; what it measures
// is the arena a program's order of allocations and frees needs, holes and
// all.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <utility>

namespace memscope::analysis {

class BestFitArena {
  public:
    // A hole's rest smaller than min_block_bytes stays with the block placed
    // in it: an allocator cannot keep a free block smaller than its smallest.
    explicit BestFitArena(std::uint64_t min_block_bytes) : min_block_bytes_(min_block_bytes) {}

    struct Placement {
        std::uint64_t offset = 0;
        std::uint64_t bytes = 0;  // at least the block's; more when it took a hole's rest
    };
    Placement place(std::uint64_t block_bytes);
    // Gives back a placement place() returned.
    void release(const Placement& placement);

    std::uint64_t top() const { return top_; }                // arena in use, holes included
    std::uint64_t high_water() const { return high_water_; }  // largest top so far
    std::uint64_t hole_bytes() const { return hole_bytes_; }  // free below the top
    std::uint64_t largest_hole() const;
    std::size_t holes() const { return by_address_.size(); }

  private:
    void add_hole(std::uint64_t offset, std::uint64_t bytes);
    void remove_hole(std::map<std::uint64_t, std::uint64_t>::iterator hole);

    std::uint64_t min_block_bytes_;
    std::uint64_t top_ = 0;
    std::uint64_t high_water_ = 0;
    std::uint64_t hole_bytes_ = 0;
    std::map<std::uint64_t, std::uint64_t> by_address_;          // offset -> bytes
    std::set<std::pair<std::uint64_t, std::uint64_t>> by_size_;  // (bytes, offset)
};

}  // namespace memscope::analysis
