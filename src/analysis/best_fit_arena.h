// Best fit: the smallest free hole that holds the block, the lowest such hole
// on a tie, else the top. dlmalloc and glibc choose among their free chunks
// this way for all but their smallest sizes, and TLSF's good fit comes close.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "analysis/heap_arena.h"

namespace memscope::analysis {

class BestFitArena : public HeapArena {
  public:
    explicit BestFitArena(std::uint64_t min_split_bytes) : HeapArena(min_split_bytes) {}

    Placement place(std::uint64_t block_bytes) override;
    void release(const Placement& placement) override;
    std::uint64_t largest_hole() const override;
    std::uint64_t holes() const override { return by_address_.size(); }

  private:
    void add_hole(std::uint64_t offset, std::uint64_t bytes);
    void remove_hole(std::map<std::uint64_t, std::uint64_t>::iterator hole);

    std::map<std::uint64_t, std::uint64_t> by_address_;          // offset -> bytes
    std::set<std::pair<std::uint64_t, std::uint64_t>> by_size_;  // (bytes, offset)
};

}  // namespace memscope::analysis
