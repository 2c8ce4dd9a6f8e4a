// What the HTML report shows beyond summary, top and leaks, gathered in one
// streaming pass: memory over time (heap, RSS, anonymous mappings, phases),
// allocation sizes, allocator-call durations and per-thread figures. Every
// part is bounded in memory by the live heap and fixed-size histograms, never
// by the trace length.
#pragma once

#include <cstdint>

#include "analysis/downsampled_series.h"
#include "analysis/latency_histogram.h"
#include "analysis/mmap_tracker.h"
#include "analysis/phase_spans.h"
#include "analysis/size_histogram.h"
#include "analysis/thread_figures.h"
#include "trace/event.h"

namespace memscope::analysis {

class ReportFigures : public trace::EventSink {
  public:
    // Buckets per memory series: each yields at most 3 points, so the page
    // holds at most ~2000 points per series.
    static constexpr std::size_t kTimelineBuckets = 640;

    // start_ns: the recorder's start (header.start_monotonic_ns); times in the
    // results are relative to it.
    ReportFigures(std::uint64_t page_size, std::uint64_t start_ns);

    void on_event(const trace::Event& e) override;
    // Call once after the last event: closes open phases, settles latency.
    void finish(std::uint64_t end_time_ns);

    const DownsampledSeries& heap_series() const { return heap_; }
    const DownsampledSeries& rss_series() const { return rss_; }
    const DownsampledSeries& mmap_series() const { return mmap_; }
    const PhaseSpans& phases() const { return phases_; }
    const SizeHistogram& sizes() const { return sizes_; }
    // Where call durations came from: none recorded, each call's own
    // duration (exact timing), or the trace's per-chunk duration histograms
    // (compact timing: every call counted in a bucket, slow calls also carry
    // their exact duration, so the maximum stays exact).
    enum class LatencySource { kNone, kEvents, kHistograms };
    // Valid after finish().
    LatencySource latency_source() const { return latency_source_; }
    const LatencyHistogram& alloc_latency() const { return alloc_latency_; }
    const LatencyHistogram& free_latency() const { return free_latency_; }
    // Allocator calls no duration covers.
    std::uint64_t untimed_calls() const { return untimed_calls_; }
    const ThreadFigures& threads() const { return threads_; }

  private:
    std::uint64_t relative(std::uint64_t time_ns) const {
        return time_ns > start_ns_ ? time_ns - start_ns_ : 0;
    }
    void time_call(LatencyHistogram& histogram, std::uint64_t duration_ns);
    void count_durations(const trace::Event& e);
    void choose_latency();

    std::uint64_t start_ns_;
    DownsampledSeries heap_{kTimelineBuckets};
    DownsampledSeries rss_{kTimelineBuckets};
    DownsampledSeries mmap_{kTimelineBuckets};
    MmapTracker mmaps_;
    PhaseSpans phases_;
    SizeHistogram sizes_;
    LatencyHistogram alloc_event_durations_;  // calls' own durations
    LatencyHistogram free_event_durations_;
    LatencyHistogram alloc_histogram_;  // the trace's duration histograms
    LatencyHistogram free_histogram_;
    std::uint64_t calls_ = 0;
    std::uint64_t calls_without_duration_ = 0;
    LatencySource latency_source_ = LatencySource::kNone;
    LatencyHistogram alloc_latency_;
    LatencyHistogram free_latency_;
    std::uint64_t untimed_calls_ = 0;
    ThreadFigures threads_;
};

}  // namespace memscope::analysis
