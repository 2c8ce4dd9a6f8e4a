// Figures kept beside a heap replay that must agree with its matching of frees
// to blocks: the replay tells them of every block it counts and of every block
// it takes off the live heap, with the weight it gave them. A table of their
// own would match the frees of hand-overs within one time unit differently
// (heap_replay.h, pending frees).
#pragma once

#include <cstdint>

#include "analysis/sample_weight.h"
#include "trace/event.h"

namespace memscope::analysis {

// A block leaving the live heap: where it lived, its size as allocated, and
// the thread that allocated it.
struct ReleasedBlock {
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    std::uint32_t owner_tid = 0;
};

class HeapBlockObserver {
  public:
    virtual ~HeapBlockObserver() = default;
    virtual void on_block_allocated(const trace::Event& alloc, const SampleWeight& w) = 0;
    // free: what released the block; nullptr when its free was lost (an
    // allocation came over it).
    virtual void on_block_released(const ReleasedBlock& block, const SampleWeight& w,
                                   const trace::Event* free) = 0;
};

}  // namespace memscope::analysis
