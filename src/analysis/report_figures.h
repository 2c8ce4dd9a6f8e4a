// What the HTML report shows beyond summary, top and leaks, gathered in one
// streaming pass: memory over time (heap, RSS, anonymous mappings, phases),
// allocation sizes, allocator-call latency (the `memscope latency` analysis,
// per function and size class) and per-thread figures. Every part is bounded
// in memory by the live heap and fixed-size histograms, never by the trace
// length. In a sampled trace the heap series, sizes and thread figures are
// estimates, weighted as the heap replay weighs them; call durations are
// those of the sampled calls only.
#pragma once

#include <cstdint>

#include "analysis/call_latency.h"
#include "analysis/downsampled_series.h"
#include "analysis/heap_replay.h"
#include "analysis/mmap_tracker.h"
#include "analysis/phase_spans.h"
#include "analysis/sample_weight.h"
#include "analysis/size_histogram.h"
#include "analysis/thread_figures.h"
#include "trace/event.h"

namespace memscope::analysis {

// What the figures need to know of the trace before its first event.
struct ReportTraceFacts {
    std::uint64_t page_size = 4096;
    std::uint64_t start_ns = 0;           // header.start_monotonic_ns: times become relative
    std::uint64_t sample_rate_bytes = 0;  // a sampled trace's rate, 0 for full
    bool compact_timing = false;          // header.time_resolution_ns > 1
};

class ReportFigures : public trace::EventSink {
  public:
    // Buckets per memory series: each yields at most 3 points, so the page
    // holds at most ~2000 points per series.
    static constexpr std::size_t kTimelineBuckets = 640;

    explicit ReportFigures(const ReportTraceFacts& facts);

    void on_event(const trace::Event& e) override;
    void prefetch_address(std::uint64_t address) override {
        latency_.prefetch_address(address);
        blocks_.prefetch(address);
    }
    void attach_undelivered_events(const trace::UndeliveredEvents* undelivered) override {
        blocks_.attach_undelivered_events(undelivered);
    }
    // Call once after the last event: closes open phases, settles latency.
    void finish(std::uint64_t end_time_ns);

    const DownsampledSeries& heap_series() const { return heap_; }
    const DownsampledSeries& rss_series() const { return rss_; }
    const DownsampledSeries& mmap_series() const { return mmap_; }
    const PhaseSpans& phases() const { return phases_; }
    const SizeHistogram& sizes() const { return sizes_; }
    // Valid after finish().
    const CallLatency& latency() const { return latency_; }
    const ThreadFigures& threads() const { return threads_; }
    bool estimated() const { return weighting_.sampled(); }

  private:
    std::uint64_t relative(std::uint64_t time_ns) const {
        return time_ns > start_ns_ ? time_ns - start_ns_ : 0;
    }

    std::uint64_t start_ns_;
    SampleWeighting weighting_;
    DownsampledSeries heap_{kTimelineBuckets};
    DownsampledSeries rss_{kTimelineBuckets};
    DownsampledSeries mmap_{kTimelineBuckets};
    MmapTracker mmaps_;
    PhaseSpans phases_;
    SizeHistogram sizes_;
    CallLatency latency_;
    ThreadFigures threads_;
    HeapReplay blocks_;  // matches frees to blocks for threads_ (and the heap series)
};

}  // namespace memscope::analysis
