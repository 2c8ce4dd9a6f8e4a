// Per-thread heap figures: calls and bytes each thread allocated, what it
// freed, and how much of the heap its allocations held at the global heap
// peak and at the end. A block belongs to the thread that allocated it, even
// when another thread frees it. The blocks and their frees are the heap
// replay's (HeapBlockObserver), so the figures add up to its totals.
//
// The per-thread share of the peak is kept in O(1) per event with the epoch
// scheme of PeakTracker: a thread's live bytes are saved the first time they
// change after a new peak, and are still the peak value if they never changed.
//
// In a sampled trace every figure is an estimate: each allocation counts with
// the weight the heap replay gives it (sample_weight.h).
#pragma once

#include <cstdint>
#include <map>

#include "analysis/heap_block_observer.h"
#include "analysis/sample_weight.h"
#include "trace/event.h"

namespace memscope::analysis {

struct ThreadHeap {
    std::uint64_t allocations = 0;  // allocation calls, realloc included
    std::uint64_t allocated_bytes = 0;
    std::uint64_t frees = 0;  // frees of known blocks, realloc's release excluded
    std::uint64_t freed_bytes = 0;
    std::uint64_t live_bytes = 0;  // now; leaked at the end of the trace
    std::uint64_t live_blocks = 0;
    std::uint64_t peak_bytes = 0;  // valid when peak_epoch matches (see above)
    std::uint64_t peak_epoch = 0;
};

class ThreadFigures : public HeapBlockObserver {
  public:
    void on_block_allocated(const trace::Event& alloc, const SampleWeight& w) override;
    void on_block_released(const ReleasedBlock& block, const SampleWeight& w,
                           const trace::Event* free) override;

    // Bytes of live heap blocks now: the replayed heap total.
    std::uint64_t heap_bytes() const { return heap_bytes_; }
    std::uint64_t peak_heap_bytes() const { return peak_heap_bytes_; }

    const std::map<std::uint32_t, ThreadHeap>& threads() const { return threads_; }
    std::uint64_t bytes_at_peak(const ThreadHeap& t) const {
        return t.peak_epoch == epoch_ ? t.peak_bytes : t.live_bytes;
    }

  private:
    ThreadHeap& thread(std::uint32_t tid);
    void before_change(ThreadHeap& t) const;

    std::map<std::uint32_t, ThreadHeap> threads_;
    std::uint64_t heap_bytes_ = 0;
    std::uint64_t peak_heap_bytes_ = 0;
    std::uint64_t epoch_ = 0;
};

}  // namespace memscope::analysis
