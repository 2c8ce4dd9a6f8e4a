// Replays heap allocations and frees in time order: live blocks, per-stack
// usage, the peak, temporaries and the call counters. In a sampled trace every
// figure is an estimate: each allocation counts with its weight (sample_weight.h).
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/flat_u64_map.h"
#include "analysis/peak_tracker.h"
#include "analysis/sample_weight.h"
#include "analysis/stack_usage.h"
#include "analysis/temporary_detector.h"
#include "trace/event.h"

namespace memscope::analysis {

struct HeapTotals {
    std::uint64_t allocation_calls = 0;  // every successful allocation, realloc included
    std::uint64_t allocated_bytes = 0;   // requested bytes over all allocation calls
    std::uint64_t free_calls = 0;        // frees of known blocks, realloc's release excluded
    std::uint64_t temporary_allocations = 0;
    std::uint64_t unknown_frees = 0;  // blocks allocated before tracing (or before fork)
    std::uint64_t live_bytes = 0;
    std::uint64_t live_blocks = 0;
};

class HeapReplay {
  public:
    HeapReplay() = default;
    explicit HeapReplay(SampleWeighting weighting) : weighting_(weighting) {}

    void on_alloc(const trace::Event& e);
    void on_free(const trace::Event& e);
    void prefetch(std::uint64_t address) const { blocks_.prefetch(address); }
    // Aggregate-mode traces carry per-stack totals instead of events
    // (heap_replay_totals.cpp): they are added as if they had been replayed.
    void on_run_totals(const trace::Event& e);
    void on_site_totals(const trace::Event& e);

    const HeapTotals& totals() const { return totals_; }
    const PeakTracker& peak() const { return peak_; }
    // One entry per distinct stack id that allocated.
    const std::vector<StackUsage>& stacks() const { return stacks_; }
    const SampleWeighting& weighting() const { return weighting_; }

  private:
    struct LiveBlock {
        std::uint64_t size = 0;
        std::uint64_t alloc_time_ns = 0;
        std::uint32_t stack_index = 0;
        std::uint32_t tid = 0;
    };

    // Frees of unknown blocks are kept while the replay stays at their time: at
    // equal times the reader puts frees first, which is wrong when the block
    // was allocated on another thread in the same time unit and freed right
    // after (a hand-over faster than the trace's time resolution).
    std::uint32_t stack_index(trace::StackId id);
    std::uint32_t new_stack_index(trace::StackId id);
    void release(const LiveBlock& block, std::uint64_t address);
    void pair_with_pending_free(const trace::Event& alloc);

    FlatU64Map<LiveBlock> blocks_;
    // Stack ids are handed out in sequence, so most index a vector; a table
    // takes the rest (a damaged trace's huge ids).
    static constexpr trace::StackId kDenseStackIds = 1u << 22;
    static constexpr std::uint32_t kNoStackIndex = ~0u;
    std::vector<std::uint32_t> dense_stack_indices_;
    FlatU64Map<std::uint32_t> stack_indices_;
    std::vector<StackUsage> stacks_;
    PeakTracker peak_;
    TemporaryDetector temporaries_;
    HeapTotals totals_;
    std::vector<trace::Event> pending_frees_;  // all of one time
    SampleWeighting weighting_;
};

}  // namespace memscope::analysis
