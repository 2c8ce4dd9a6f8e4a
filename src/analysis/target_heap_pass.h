// The streaming pass behind `memscope fit`: a heap replay whose blocks a
// TargetHeap sizes and places, so the target's figures follow the replay's
// matching of frees to blocks exactly (heap_block_observer.h).
#pragma once

#include <utility>

#include "analysis/heap_replay.h"
#include "analysis/target_heap.h"
#include "trace/event.h"

namespace memscope::analysis {

class TargetHeapPass : public trace::EventSink {
  public:
    explicit TargetHeapPass(AllocatorModel model) : target_(std::move(model)) {
        replay_.observe_blocks(&target_);
    }
    TargetHeapPass(const TargetHeapPass&) = delete;
    TargetHeapPass& operator=(const TargetHeapPass&) = delete;

    void on_event(const trace::Event& e) override {
        if (e.kind == trace::EventKind::kAlloc)
            replay_.on_alloc(e);
        else if (e.kind == trace::EventKind::kFree)
            replay_.on_free(e);
    }
    void prefetch_address(std::uint64_t address) override { replay_.prefetch(address); }
    void attach_undelivered_events(const trace::UndeliveredEvents* undelivered) override {
        replay_.attach_undelivered_events(undelivered);
    }

    void limit_heap(std::uint64_t heap_bytes) { target_.limit_heap(heap_bytes); }
    void keep_holes_after(std::uint64_t allocation) { target_.keep_holes_after(allocation); }

    const HeapReplay& replay() const { return replay_; }
    const TargetHeap& target() const { return target_; }

  private:
    HeapReplay replay_;
    TargetHeap target_;
};

}  // namespace memscope::analysis
