#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "analysis/downsampled_series.h"
#include "analysis/heap_replay.h"
#include "analysis/latency_histogram.h"
#include "analysis/phase_spans.h"
#include "analysis/report_figures.h"
#include "analysis/size_histogram.h"
#include "analysis/thread_figures.h"
#include "format/column_layout.h"

namespace memscope::analysis {
namespace {

trace::Event alloc_event(std::uint32_t tid, std::uint64_t address, std::uint64_t size,
                         std::uint64_t time_ns = 0, std::uint64_t duration_ns = 0) {
    trace::Event e{};
    e.kind = trace::EventKind::kAlloc;
    e.tid = tid;
    e.address = address;
    e.size = size;
    e.time_ns = time_ns;
    e.duration_ns = duration_ns;
    return e;
}

trace::Event free_event(std::uint32_t tid, std::uint64_t address, std::uint64_t time_ns = 0,
                        std::uint64_t duration_ns = 0) {
    trace::Event e{};
    e.kind = trace::EventKind::kFree;
    e.tid = tid;
    e.address = address;
    e.time_ns = time_ns;
    e.duration_ns = duration_ns;
    return e;
}

TEST(DownsampledSeries, StaysBoundedAndKeepsTheSpike) {
    DownsampledSeries series(100);
    for (std::uint64_t i = 0; i < 1'000'000; ++i) {
        const std::uint64_t value = i == 654'321 ? 1'000'000 : i % 1000;
        series.add(1000 + i * 10, value);
    }
    const auto points = series.points();
    EXPECT_LE(points.size(), 300u);
    EXPECT_GE(points.size(), 100u);
    EXPECT_TRUE(std::is_sorted(
        points.begin(), points.end(),
        [](const SeriesPoint& a, const SeriesPoint& b) { return a.time_ns < b.time_ns; }));
    const auto spike = std::max_element(
        points.begin(), points.end(),
        [](const SeriesPoint& a, const SeriesPoint& b) { return a.value < b.value; });
    EXPECT_EQ(spike->value, 1'000'000u);
    EXPECT_EQ(spike->time_ns, 1000u + 654'321u * 10);
    EXPECT_EQ(points.front().time_ns, 1000u);
    EXPECT_EQ(points.back().time_ns, 1000u + 999'999u * 10);
    EXPECT_EQ(points.back().value, 999'999u % 1000);
}

TEST(DownsampledSeries, FewSamplesAreKeptExactly) {
    DownsampledSeries series(640);
    series.add(5, 10);
    series.add(5000, 20);
    series.add(9000, 5);
    const auto points = series.points();
    ASSERT_EQ(points.size(), 3u);
    EXPECT_EQ(points[1].time_ns, 5000u);
    EXPECT_EQ(points[1].value, 20u);
}

TEST(LatencyHistogram, BucketsCoverTheirValues) {
    for (const std::uint64_t v : {0ull, 1ull, 15ull, 16ull, 17ull, 31ull, 32ull, 1000ull,
                                  123456789ull, 1ull << 40, ~0ull}) {
        const std::size_t b = LatencyHistogram::bucket_of(v);
        ASSERT_LT(b, LatencyHistogram::kBuckets) << v;
        EXPECT_LE(LatencyHistogram::bucket_low(b), v) << v;
        const std::uint64_t high = LatencyHistogram::bucket_high(b);
        if (high != 0) {
            EXPECT_LT(v, high) << v;
        }
    }
}

TEST(LatencyHistogram, PercentilesAreWithinABucket) {
    LatencyHistogram h;
    for (std::uint64_t v = 1; v <= 10'000; ++v) h.add(v);
    EXPECT_EQ(h.count(), 10'000u);
    EXPECT_EQ(h.min_ns(), 1u);
    EXPECT_EQ(h.max_ns(), 10'000u);
    const auto near = [](std::uint64_t got, double want) {
        return std::abs(static_cast<double>(got) - want) <= want * 0.04;
    };
    EXPECT_TRUE(near(h.quantile(0.5), 5000)) << h.quantile(0.5);
    EXPECT_TRUE(near(h.quantile(0.9), 9000)) << h.quantile(0.9);
    EXPECT_TRUE(near(h.quantile(0.99), 9900)) << h.quantile(0.99);
    EXPECT_LE(h.quantile(0.999), 10'000u);
    EXPECT_EQ(h.quantile(1.0), 10'000u);
}

TEST(LatencyHistogram, EmptyAndSmallValuesAreExact) {
    LatencyHistogram h;
    EXPECT_EQ(h.quantile(0.5), 0u);
    h.add(3);
    h.add(3);
    h.add(7);
    EXPECT_EQ(h.quantile(0.5), 3u);
    EXPECT_EQ(h.quantile(0.99), 7u);
    ASSERT_EQ(h.non_empty_buckets().size(), 2u);
    EXPECT_EQ(h.non_empty_buckets()[0].count, 2u);
}

TEST(SizeHistogram, Log2BucketsAndClasses) {
    SizeHistogram h;
    for (const std::uint64_t size :
         {0ull, 1ull, 64ull, 65ull, 1024ull, 1025ull, 65536ull, 65537ull})
        h.add(size);
    EXPECT_EQ(h.buckets()[0].count, 1u);                             // 0
    EXPECT_EQ(h.buckets()[1].count, 1u);                             // 1
    EXPECT_EQ(h.buckets()[SizeHistogram::bucket_of(64)].count, 2u);  // [64, 128): 64 and 65
    EXPECT_EQ(SizeHistogram::bucket_of(64), SizeHistogram::bucket_of(65));
    EXPECT_EQ(SizeHistogram::bucket_floor(SizeHistogram::bucket_of(100)), 64u);
    const auto& classes = h.classes();
    EXPECT_EQ(classes[static_cast<std::size_t>(SizeClass::kTiny)].count, 3u);
    EXPECT_EQ(classes[static_cast<std::size_t>(SizeClass::kSmall)].count, 2u);
    EXPECT_EQ(classes[static_cast<std::size_t>(SizeClass::kMedium)].count, 2u);
    EXPECT_EQ(classes[static_cast<std::size_t>(SizeClass::kLarge)].count, 1u);
    EXPECT_EQ(classes[static_cast<std::size_t>(SizeClass::kLarge)].bytes, 65537u);
    EXPECT_STREQ(size_class_name(SizeClass::kMedium), "medium");
}

TEST(ThreadFigures, SharesOfThePeakPerAllocatingThread) {
    ThreadFigures t;
    HeapReplay heap;
    heap.observe_blocks(&t);
    heap.on_alloc(alloc_event(1, 0x100, 100));
    heap.on_alloc(alloc_event(2, 0x200, 50));  // peak 150: thread 1 holds 100, thread 2 50
    heap.on_free(free_event(2, 0x100));        // thread 2 frees thread 1's block
    heap.on_alloc(alloc_event(2, 0x300, 10));  // 60, below the peak
    heap.on_alloc(alloc_event(2, 0x300, 10));  // over a live block: its free was lost
    EXPECT_EQ(t.peak_heap_bytes(), 150u);
    EXPECT_EQ(t.heap_bytes(), 60u);
    const ThreadHeap& one = t.threads().at(1);
    const ThreadHeap& two = t.threads().at(2);
    EXPECT_EQ(t.bytes_at_peak(one), 100u);
    EXPECT_EQ(t.bytes_at_peak(two), 50u);
    EXPECT_EQ(one.live_bytes, 0u);
    EXPECT_EQ(one.frees, 0u);
    EXPECT_EQ(two.frees, 1u);
    EXPECT_EQ(two.freed_bytes, 100u);
    EXPECT_EQ(two.allocations, 3u);
    EXPECT_EQ(two.live_bytes, 60u);
    EXPECT_EQ(two.live_blocks, 2u);
    EXPECT_EQ(t.heap_bytes(), heap.totals().live_bytes);
}

TEST(PhaseSpans, NestedPhasesAndOpenEnds) {
    PhaseSpans phases;
    phases.begin(1, "load", 10);
    phases.begin(1, "parse", 20);
    phases.end(1, 30);
    phases.end(2, 35);  // no phase open on thread 2: ignored
    phases.begin(2, "solve", 40);
    phases.end(1, 50);
    phases.finish(100);
    const auto& spans = phases.spans();
    ASSERT_EQ(spans.size(), 3u);
    EXPECT_EQ(spans[0].name, "load");
    EXPECT_EQ(spans[0].end_ns, 50u);
    EXPECT_EQ(spans[1].name, "parse");
    EXPECT_EQ(spans[1].depth, 1u);
    EXPECT_EQ(spans[2].name, "solve");
    EXPECT_EQ(spans[2].end_ns, 100u);
}

ReportTraceFacts facts(std::uint64_t start_ns, bool compact_timing = false,
                       std::uint64_t sample_rate_bytes = 0) {
    ReportTraceFacts f;
    f.page_size = 4096;
    f.start_ns = start_ns;
    f.compact_timing = compact_timing;
    f.sample_rate_bytes = sample_rate_bytes;
    return f;
}

TEST(ReportFigures, GathersOneStreamingPass) {
    ReportFigures f(facts(1000));
    trace::Event calloc_call = alloc_event(1, 0x100, 48, 1100, 30);
    calloc_call.func = format::AllocFunc::kCalloc;
    f.on_event(calloc_call);
    f.on_event(alloc_event(1, 0x200, 4096, 1200, 70));
    f.on_event(free_event(1, 0x100, 1300, 20));
    trace::Event rss{};
    rss.kind = trace::EventKind::kRssSample;
    rss.time_ns = 1400;
    rss.value = 1 << 20;
    f.on_event(rss);
    f.finish(1500);
    EXPECT_FALSE(f.estimated());
    const auto heap = f.heap_series().points();
    ASSERT_FALSE(heap.empty());
    EXPECT_EQ(heap.front().time_ns, 100u);  // relative to the recorder start
    EXPECT_EQ(heap.back().value, 4096u);
    ASSERT_EQ(f.rss_series().points().size(), 1u);
    EXPECT_EQ(f.rss_series().points()[0].time_ns, 400u);
    EXPECT_EQ(f.sizes().classes()[static_cast<std::size_t>(SizeClass::kTiny)].count, 1u);
}

// The page's latency is `memscope latency`'s: per allocator function and per
// size class of the request (frees by the block they release).
TEST(ReportFigures, LatencyPerFunctionAndSizeClass) {
    ReportFigures f(facts(0));
    trace::Event calloc_call = alloc_event(1, 0x100, 48, 10, 30);
    calloc_call.func = format::AllocFunc::kCalloc;
    f.on_event(calloc_call);
    f.on_event(alloc_event(1, 0x200, 100'000, 20, 9'000));  // malloc, large
    f.on_event(free_event(1, 0x100, 30, 20));               // frees a tiny block
    f.finish(40);
    const CallLatency& l = f.latency();
    EXPECT_EQ(l.function(static_cast<std::size_t>(format::AllocFunc::kCalloc)).count(), 1u);
    EXPECT_EQ(l.function(static_cast<std::size_t>(format::AllocFunc::kMalloc)).count(), 1u);
    EXPECT_EQ(l.function(static_cast<std::size_t>(format::AllocFunc::kMalloc)).max_ns(), 9'000u);
    EXPECT_EQ(l.function(kLatencyFree).count(), 1u);
    const auto tiny = static_cast<std::size_t>(format::DurationSizeClass::kTiny);
    const auto large = static_cast<std::size_t>(format::DurationSizeClass::kLarge);
    EXPECT_EQ(l.size_class(tiny).count(), 2u);  // the calloc and the free of its block
    EXPECT_EQ(l.size_class(tiny).max_ns(), 30u);
    EXPECT_EQ(l.size_class(large).count(), 1u);
    EXPECT_EQ(l.size_class(large).max_ns(), 9'000u);
}

TEST(ReportFigures, CompactTimingUsesTheTracesHistogramsAndExactOutliers) {
    ReportFigures f(facts(0, true));
    // Compact timing: calls below the outlier threshold carry no duration...
    for (std::uint64_t i = 0; i < 99; ++i) f.on_event(alloc_event(1, 0x1000 + i * 16, 16, i));
    // ...one slow call keeps its exact duration...
    f.on_event(alloc_event(1, 0x9000, 16, 200, 25'000));
    f.on_event(free_event(1, 0x9000, 300));
    // ...and the chunk's histogram counts every call.
    trace::Event fast{};
    fast.kind = trace::EventKind::kCallDurations;
    fast.how = 0;  // malloc
    fast.size = static_cast<std::uint64_t>(format::DurationSizeClass::kTiny);
    fast.duration_ns = LatencyHistogram::bucket_low(LatencyHistogram::bucket_of(40));
    fast.duration_max_ns = LatencyHistogram::bucket_high(LatencyHistogram::bucket_of(40));
    fast.value = 99;
    f.on_event(fast);
    trace::Event slow = fast;
    slow.duration_ns = LatencyHistogram::bucket_low(LatencyHistogram::bucket_of(25'000));
    slow.duration_max_ns = LatencyHistogram::bucket_high(LatencyHistogram::bucket_of(25'000));
    slow.value = 1;
    f.on_event(slow);
    trace::Event frees = fast;
    frees.how = format::kDurationOpFree;
    frees.value = 1;
    f.on_event(frees);
    f.finish(400);

    const LatencyHistogram& malloc_calls =
        f.latency().function(static_cast<std::size_t>(format::AllocFunc::kMalloc));
    EXPECT_EQ(malloc_calls.count(), 100u);  // the outlier is not counted twice
    EXPECT_EQ(f.latency().function(kLatencyFree).count(), 1u);
    EXPECT_EQ(malloc_calls.max_ns(), 25'000u);  // exact, from the outlier
    const std::uint64_t median = malloc_calls.quantile(0.5);
    EXPECT_GE(median, 38u);
    EXPECT_LE(median, 42u);
    EXPECT_EQ(
        f.latency().size_class(static_cast<std::size_t>(format::DurationSizeClass::kTiny)).count(),
        101u);
}

// A sampled trace's heap series, sizes and thread figures are estimates
// weighted as the heap replay weighs them, so the series peaks at the
// summary's peak.
TEST(ReportFigures, SampledTraceWeighsEveryAllocation) {
    constexpr std::uint64_t kRate = 64 * 1024;
    ReportFigures f(facts(0, false, kRate));
    HeapReplay replay(SampleWeighting{kRate});
    std::vector<trace::Event> events = {alloc_event(1, 0x1000, 1000, 10),
                                        alloc_event(2, 0x2000, 200'000, 20),
                                        free_event(1, 0x1000, 30), alloc_event(1, 0x3000, 50, 40)};
    for (const trace::Event& e : events) {
        f.on_event(e);
        if (e.kind == trace::EventKind::kAlloc)
            replay.on_alloc(e);
        else
            replay.on_free(e);
    }
    f.finish(50);
    EXPECT_TRUE(f.estimated());
    std::uint64_t series_max = 0;
    for (const SeriesPoint& p : f.heap_series().points())
        series_max = std::max(series_max, p.value);
    EXPECT_EQ(series_max, replay.peak().peak_bytes());
    EXPECT_GT(series_max, 200'000u);  // a 1000-byte sample stands for about 65 such blocks
    std::uint64_t calls = 0;
    for (const CountAndBytes& c : f.sizes().classes()) calls += c.count;
    EXPECT_EQ(calls, replay.totals().allocation_calls);
    std::uint64_t thread_calls = 0;
    std::uint64_t thread_leaks = 0;
    for (const auto& [tid, t] : f.threads().threads()) {
        thread_calls += t.allocations;
        thread_leaks += t.live_bytes;
    }
    EXPECT_EQ(thread_calls, replay.totals().allocation_calls);
    EXPECT_EQ(thread_leaks, replay.totals().live_bytes);
}

}  // namespace
}  // namespace memscope::analysis
