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

class HeapBlockObserver {
  public:
    virtual ~HeapBlockObserver() = default;
    virtual void on_block_allocated(const trace::Event& alloc, const SampleWeight& w) = 0;
    // free: what released the block allocated by thread owner_tid; nullptr
    // when its free was lost (an allocation came over it).
    virtual void on_block_released(std::uint32_t owner_tid, const SampleWeight& w,
                                   const trace::Event* free) = 0;
};

}  // namespace memscope::analysis
