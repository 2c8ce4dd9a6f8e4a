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

    Placement place(std::uint64_t block_bytes) override;
    void release(const Placement& placement) override;
    std::uint64_t largest_hole() const override { return largest(root_); }
    std::uint64_t holes() const override { return count_; }

  private:
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
    Index lowest_fitting(std::uint64_t bytes) const;
    // The hole ending exactly at offset, and the one starting there; kNone when absent.
    Index ending_at(std::uint64_t offset) const;
    Index starting_at(std::uint64_t offset) const;
    void insert(std::uint64_t offset, std::uint64_t bytes);
    void erase(std::uint64_t offset);

    std::vector<Node> nodes_;
    std::vector<Index> unused_;
    Index root_ = kNone;
    std::uint64_t count_ = 0;
    std::minstd_rand priorities_{12345};
};

}  // namespace memscope::analysis
