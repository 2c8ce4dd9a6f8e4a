// Aggregate mode's per-site statistics: for every allocation stack, its calls,
// bytes, frees, temporaries, live bytes and blocks, and its share of the
// process's heap peak; plus the live heap itself (an atomic sum) and its peak.
// Lock-free and malloc-free: memory comes from recorder_map, sites are
// appended with fetch_add and found through a stack-id-indexed array.
//
// The peak share uses the analyzer's peak-epoch scheme (PeakTracker): every
// new global peak bumps an epoch; before a site's live figures change, a site
// last touched in an older epoch saves its unchanged live figures as its
// at-peak figures. A site untouched since the last peak still holds its value
// at that peak in live_*. Single-threaded this is exact. With threads, the
// sum, the epoch and a site's figures are separate atomics: an update racing
// with a new peak may land on either side of it, so each site's share can be
// off by the calls in flight on other threads at that moment (docs/recorder.md,
// "Aggregate mode").
#pragma once

#include <atomic>
#include <cstdint>

namespace memscope::runtime {

// One cache line pair per site: threads allocating at different sites do not
// share lines.
struct alignas(64) SiteCounters {
    std::atomic<std::uint64_t> allocations{0};
    std::atomic<std::uint64_t> allocated_bytes{0};
    std::atomic<std::uint64_t> free_calls{0};  // frees of its blocks, realloc's releases excluded
    std::atomic<std::uint64_t> temporary{0};
    std::atomic<std::uint64_t> live_bytes{0};
    std::atomic<std::uint64_t> live_blocks{0};
    std::atomic<std::uint64_t> peak_bytes{0};  // valid when peak_epoch is the table's epoch
    std::atomic<std::uint64_t> peak_blocks{0};
    std::atomic<std::uint64_t> peak_epoch{0};
    std::atomic<std::uint32_t> stack_id{0};
};

// A site's figures as written at exit.
struct SiteFigures {
    std::uint32_t stack_id = 0;
    std::uint64_t allocations = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t free_calls = 0;
    std::uint64_t temporary = 0;
    std::uint64_t peak_bytes = 0;
    std::uint64_t peak_blocks = 0;
    std::uint64_t leaked_bytes = 0;
    std::uint64_t leaked_blocks = 0;
};

class SiteTotalsTable {
  public:
    // Sites are allocation stacks; far fewer than stack nodes in practice.
    static constexpr std::uint32_t kMaxSites = 1u << 18;
    using Clock = std::uint64_t (*)();

    // Maps the memory; false when it cannot. max_stack_ids bounds the stack
    // ids site_of() accepts. clock dates new peaks.
    bool init(std::uint32_t max_stack_ids, Clock clock);
    // Unmaps (tests, and a fork child before it starts over).
    void release();

    // The site index of a stack id, created on first use; 0 when the table is
    // full or the id out of range (the caller counts a lost event).
    std::uint32_t site_of(std::uint32_t stack_id);

    void add_block(std::uint32_t site, std::uint64_t size);
    // free_call: a free (not a realloc's release of its old block).
    void remove_block(std::uint32_t site, std::uint64_t size, bool free_call, bool temporary);

    std::uint64_t live_bytes() const { return live_bytes_.load(std::memory_order_relaxed); }
    std::uint64_t peak_bytes() const { return peak_bytes_.load(std::memory_order_relaxed); }
    std::uint64_t peak_time_ns() const { return peak_time_ns_.load(std::memory_order_relaxed); }
    // Sites are 1 .. site_count(); some may be empty (a lost race to create one).
    std::uint32_t site_count() const;
    SiteFigures figures(std::uint32_t site) const;

  private:
    // Saves a site's live figures as its at-peak figures if a peak happened
    // since the site last changed.
    void sync_with_peak(SiteCounters& s) const;

    SiteCounters* sites_ = nullptr;                        // index 0 unused
    std::atomic<std::uint32_t>* site_of_stack_ = nullptr;  // stack id -> site index
    std::uint32_t max_stack_ids_ = 0;
    Clock clock_ = nullptr;
    std::atomic<std::uint32_t> next_site_{1};
    std::atomic<std::uint64_t> live_bytes_{0};
    std::atomic<std::uint64_t> peak_bytes_{0};
    std::atomic<std::uint64_t> peak_time_ns_{0};
    std::atomic<std::uint64_t> epoch_{0};
};

}  // namespace memscope::runtime
