// First fit: the lowest free hole that holds the block, else the top, as
// FreeRTOS heap_4 and K&R-style allocators walk their address-ordered free
// list. Holes live in a treap ordered by offset whose nodes also know the
// largest hole below them, so the lowest fitting hole is found in
// logarithmic time instead of by walking every hole in front of it.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "analysis/heap_arena.h"

namespace memscope::analysis {

class FirstFitArena : public HeapArena {
  public:
    explicit FirstFitArena(std::uint64_t min_split_bytes) : HeapArena(min_split_bytes) {}

    std::uint64_t largest_hole() const override { return largest(root_); }
    std::vector<Hole> hole_list() const override;

  private:
    std::optional<Hole> fitting_hole(std::uint64_t bytes) const override;
    std::optional<Hole> hole_starting_at(std::uint64_t offset) const override;
    std::optional<Hole> hole_ending_at(std::uint64_t offset) const override;
    void index_hole(const Hole& hole) override;
    void unindex_hole(const Hole& hole) override;

    using Index = std::uint32_t;
    static constexpr Index kNone = ~Index{0};
    struct Node {
        std::uint64_t offset = 0;
        std::uint64_t bytes = 0;
        std::uint64_t largest = 0;  // of this node's subtree
        std::uint32_t priority = 0;
        Index left = kNone;
        Index right = kNone;
    };

    std::uint64_t largest(Index n) const { return n == kNone ? 0 : nodes_[n].largest; }
    void update(Index n);
    // Splits tree t into the holes below offset and those at or above it.
    void split(Index t, std::uint64_t offset, Index& below, Index& rest);
    Index merge(Index a, Index b);
    Hole hole(Index n) const { return Hole{nodes_[n].offset, nodes_[n].bytes}; }

    std::vector<Node> nodes_;
    std::vector<Index> unused_;
    Index root_ = kNone;
    std::minstd_rand priorities_{12345};
};

}  // namespace memscope::analysis
