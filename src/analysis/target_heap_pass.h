// The streaming pass behind `memscope fit`: a heap replay whose blocks a
// TargetHeap sizes and places, so the target's figures follow the replay's
// matching of frees to blocks exactly (heap_block_observer.h). More models
// can watch the same replay (--compare): one read of the trace, one arena
// per model.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "analysis/heap_replay.h"
#include "analysis/target_heap.h"
#include "trace/event.h"

namespace memscope::analysis {

class TargetHeapPass : public trace::EventSink, private HeapBlockObserver {
  public:
    // models: the target first, then any to compare it with.
    explicit TargetHeapPass(const std::vector<AllocatorModel>& models) {
        for (const AllocatorModel& model : models)
            targets_.push_back(std::make_unique<TargetHeap>(model));
        replay_.observe_blocks(this);
    }
    explicit TargetHeapPass(AllocatorModel model)
        : TargetHeapPass(std::vector<AllocatorModel>{std::move(model)}) {}
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

    // Both apply to the target only.
    void limit_heap(std::uint64_t heap_bytes) { targets_[0]->limit_heap(heap_bytes); }
    void keep_holes_after(std::uint64_t allocation) { targets_[0]->keep_holes_after(allocation); }

    const TargetHeap& target() const { return *targets_[0]; }
    // The target first, then the models compared with it.
    const std::vector<std::unique_ptr<TargetHeap>>& targets() const { return targets_; }

  private:
    void on_block_allocated(const trace::Event& alloc, const SampleWeight& w) override {
        for (const auto& target : targets_) target->on_block_allocated(alloc, w);
    }
    void on_block_released(const ReleasedBlock& block, const SampleWeight& w,
                           const trace::Event* free) override {
        for (const auto& target : targets_) target->on_block_released(block, w, free);
    }

    HeapReplay replay_;
    std::vector<std::unique_ptr<TargetHeap>> targets_;
};

}  // namespace memscope::analysis
