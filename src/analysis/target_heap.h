// The heap a trace's program would need on a target: every block the heap
// replay counts is sized by the target's allocator model and placed in one
// arena by the model's placement policy (or in a mapping of its own, where
// the model maps large blocks), in the order the replay takes and releases
// them. Sizes are the recorded requests: a structure that holds pointers is
// as large as it was in the traced 64-bit build, so a 32-bit target's
// requests are overstated; which bytes are pointers the trace cannot say.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "analysis/allocator_model.h"
#include "analysis/flat_u64_map.h"
#include "analysis/heap_arena.h"
#include "analysis/heap_block_observer.h"

namespace memscope::analysis {

// The heap at one moment, in the target's bytes.
struct TargetHeapMoment {
    std::uint64_t time_ns = 0;          // absolute, 0 when the heap never held a block
    std::uint64_t allocations = 0;      // blocks allocated so far
    std::uint64_t requested_bytes = 0;  // what the program asked for, live
    std::uint64_t blocks = 0;
    std::uint64_t block_bytes = 0;   // arena bytes the live blocks take
    std::uint64_t mapped_bytes = 0;  // mappings of the live mapped blocks
    std::uint64_t arena_bytes = 0;   // arena top: blocks and the holes between them
    std::uint64_t hole_bytes = 0;
    std::uint64_t largest_hole = 0;
    std::uint64_t holes = 0;

    std::uint64_t footprint() const { return block_bytes + mapped_bytes; }
    // What the heap takes from the system: the arena and the mappings.
    std::uint64_t memory() const { return arena_bytes + mapped_bytes; }
};

// The first allocation that would not fit a heap of fixed size: what a
// device with that heap would see fail. The replay goes on past it as if the
// heap were larger, so the peaks stay those the program needs.
struct HeapOverflow {
    std::uint64_t time_ns = 0;
    std::uint64_t request_bytes = 0;
    std::uint64_t memory_bytes = 0;  // the heap the allocation needed: arena top and mappings
    std::uint32_t tid = 0;
    trace::StackId stack = 0;
};

// One allocation stack's blocks at the footprint peak, in the target's bytes:
// where headers, alignment and minimum blocks cost most.
struct TargetStackAtPeak {
    trace::StackId stack = 0;
    std::uint64_t blocks = 0;
    std::uint64_t requested_bytes = 0;
    std::uint64_t footprint_bytes = 0;

    std::uint64_t overhead_bytes() const { return footprint_bytes - requested_bytes; }
};

class TargetHeap : public HeapBlockObserver {
  public:
    explicit TargetHeap(AllocatorModel model);
    // A heap of heap_bytes: the arena and the mappings together.
    void limit_heap(std::uint64_t heap_bytes) { heap_limit_ = heap_bytes; }

    void on_block_allocated(const trace::Event& alloc, const SampleWeight& w) override;
    void on_block_released(const ReleasedBlock& block, const SampleWeight& w,
                           const trace::Event* free) override;

    const AllocatorModel& model() const { return model_; }
    // The moments of the largest requested heap, the largest footprint
    // (blocks with their overhead) and the most memory (arena top and
    // mappings): each the first time it was reached.
    const TargetHeapMoment& requested_peak() const { return requested_peak_; }
    const TargetHeapMoment& footprint_peak() const { return footprint_peak_; }
    const TargetHeapMoment& memory_peak() const { return memory_peak_; }
    TargetHeapMoment now() const;
    std::uint64_t mapped_blocks() const { return mapped_blocks_; }    // over the whole trace
    std::uint64_t mmap_threshold() const { return mmap_threshold_; }  // where it ended
    // Stacks that held blocks at the footprint peak, the most overhead first.
    std::vector<TargetStackAtPeak> stacks_at_footprint_peak() const;
    // Keeps the arena's holes as they are right after the allocation-th
    // block (TargetHeapMoment::allocations): a second replay of the same
    // trace gets the holes at a moment the first one found.
    void keep_holes_after(std::uint64_t allocation) { keep_holes_after_ = allocation; }
    const std::vector<HeapArena::Hole>& kept_holes() const { return kept_holes_; }
    // Set when limit_heap was called and an allocation went beyond it.
    const std::optional<HeapOverflow>& overflow() const { return overflow_; }

  private:
    struct Held {
        HeapArena::Placement placement;
        std::uint64_t requested = 0;
        trace::StackId stack = 0;
        bool mapped = false;
    };
    // A stack's live blocks, and their value at the footprint peak: valid when
    // epoch equals epoch_, else the live figures have not changed since that
    // peak (the same bookkeeping as PeakTracker's).
    struct StackFootprint {
        std::uint64_t blocks = 0;
        std::uint64_t requested = 0;
        std::uint64_t footprint = 0;
        std::uint64_t peak_blocks = 0;
        std::uint64_t peak_requested = 0;
        std::uint64_t peak_footprint = 0;
        std::uint64_t epoch = 0;
    };
    StackFootprint& stack_before_change(trace::StackId stack);

    AllocatorModel model_;
    std::unique_ptr<HeapArena> arena_;
    std::uint64_t mmap_threshold_;
    std::uint64_t mapped_blocks_ = 0;
    FlatU64Map<Held> held_;
    TargetHeapMoment now_;  // its arena figures are the arena's own, filled in by now()
    TargetHeapMoment requested_peak_;
    TargetHeapMoment footprint_peak_;
    TargetHeapMoment memory_peak_;
    std::unordered_map<trace::StackId, StackFootprint> stacks_;
    std::uint64_t epoch_ = 0;             // footprint peaks so far
    std::uint64_t heap_limit_ = 0;        // 0: none
    std::uint64_t keep_holes_after_ = 0;  // 0: none
    std::vector<HeapArena::Hole> kept_holes_;
    std::optional<HeapOverflow> overflow_;
};

}  // namespace memscope::analysis
