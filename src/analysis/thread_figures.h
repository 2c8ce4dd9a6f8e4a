// Per-thread heap figures: calls and bytes each thread allocated, what it
// freed, and how much of the heap its allocations held at the global heap
// peak and at the end. A block belongs to the thread that allocated it, even
// when another thread frees it.
//
// The per-thread share of the peak is kept in O(1) per event with the epoch
// scheme of PeakTracker: a thread's live bytes are saved the first time they
// change after a new peak, and are still the peak value if they never changed.
//
// In a sampled trace every figure is an estimate: each allocation counts with
// its weight (sample_weight.h), the same the heap replay gives it, so the
// replayed heap total peaks where the summary's peak is.
#pragma once

#include <cstdint>
#include <map>

#include "analysis/flat_u64_map.h"
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

class ThreadFigures {
  public:
    ThreadFigures() = default;
    explicit ThreadFigures(SampleWeighting weighting) : weighting_(weighting) {}

    void on_alloc(const trace::Event& e);
    void on_free(const trace::Event& e);

    // Bytes of live heap blocks now: the replayed heap total.
    std::uint64_t heap_bytes() const { return heap_bytes_; }
    std::uint64_t peak_heap_bytes() const { return peak_heap_bytes_; }

    const std::map<std::uint32_t, ThreadHeap>& threads() const { return threads_; }
    std::uint64_t bytes_at_peak(const ThreadHeap& t) const {
        return t.peak_epoch == epoch_ ? t.peak_bytes : t.live_bytes;
    }

    // The block table slot of an address a later event names (EventSink::prefetch_address).
    void prefetch(std::uint64_t address) const { blocks_.prefetch(address); }

  private:
    struct Block {
        std::uint64_t bytes = 0;   // weighted
        std::uint64_t blocks = 1;  // weighted
        std::uint32_t tid = 0;
    };

    ThreadHeap& thread(std::uint32_t tid);
    void before_change(ThreadHeap& t) const;
    void release(const Block& block);

    FlatU64Map<Block> blocks_;
    std::map<std::uint32_t, ThreadHeap> threads_;
    std::uint64_t heap_bytes_ = 0;
    std::uint64_t peak_heap_bytes_ = 0;
    std::uint64_t epoch_ = 0;
    SampleWeighting weighting_;
};

}  // namespace memscope::analysis
