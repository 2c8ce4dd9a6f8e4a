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

    std::uint64_t largest_hole() const override;
    std::vector<Hole> hole_list() const override;

  private:
    std::optional<Hole> fitting_hole(std::uint64_t bytes) const override;
    std::optional<Hole> hole_starting_at(std::uint64_t offset) const override;
    std::optional<Hole> hole_ending_at(std::uint64_t offset) const override;
    void index_hole(const Hole& hole) override;
    void unindex_hole(const Hole& hole) override;

    std::map<std::uint64_t, std::uint64_t> by_address_;          // offset -> bytes
    std::set<std::pair<std::uint64_t, std::uint64_t>> by_size_;  // (bytes, offset)
};

}  // namespace memscope::analysis
