#include <gtest/gtest.h>

#include "analysis/call_latency.h"

namespace memscope::analysis {
namespace {

using trace::Event;
using trace::EventKind;

Event alloc(std::uint64_t address, std::uint64_t size, std::uint64_t duration,
            std::uint64_t time = 1000, trace::StackId stack = 7) {
    Event e{};
    e.kind = EventKind::kAlloc;
    e.address = address;
    e.size = size;
    e.duration_ns = duration;
    e.time_ns = time;
    e.stack = stack;
    e.tid = 1;
    return e;
}

Event release(std::uint64_t address, std::uint64_t duration, std::uint64_t time = 2000) {
    Event e{};
    e.kind = EventKind::kFree;
    e.address = address;
    e.duration_ns = duration;
    e.time_ns = time;
    e.tid = 1;
    return e;
}

Event durations(std::uint8_t op, format::DurationSizeClass cls, std::uint64_t low,
                std::uint64_t high, std::uint64_t count, std::uint32_t tid = 1) {
    Event e{};
    e.kind = EventKind::kCallDurations;
    e.how = op;
    e.size = static_cast<std::uint64_t>(cls);
    e.duration_ns = low;
    e.duration_max_ns = high;
    e.value = count;
    e.tid = tid;
    return e;
}

Event rss(std::uint64_t bytes) {
    Event e{};
    e.kind = EventKind::kRssSample;
    e.value = bytes;
    return e;
}

TEST(CallLatency, ExactTimingCountsEveryCallAndFindsTheSlowOnes) {
    CallLatency latency(0, /*compact_timing=*/false, 1000);
    latency.on_event(rss(100));
    for (std::uint64_t i = 1; i <= 100; ++i)
        latency.on_event(alloc(i * 16, 32, i == 50 ? 5000 : 0));
    latency.on_event(rss(200));
    for (std::uint64_t i = 1; i <= 100; ++i) latency.on_event(release(i * 16, 20));
    latency.finish();

    EXPECT_EQ(latency.function(0).count(), 100u);  // malloc, zero durations included
    EXPECT_EQ(latency.function(kLatencyFree).count(), 100u);
    EXPECT_EQ(latency.function(0).max_ns(), 5000u);
    EXPECT_EQ(latency.size_class(0).count(), 200u);  // tiny: allocations and their frees

    const auto slow = latency.slowest();
    ASSERT_EQ(slow.size(), 1u);
    EXPECT_EQ(slow[0].duration_ns, 5000u);
    EXPECT_EQ(slow[0].stack, 7u);
    EXPECT_EQ(slow[0].rss_before_bytes, std::optional<std::uint64_t>(100));
    EXPECT_EQ(slow[0].rss_after_bytes, std::optional<std::uint64_t>(200));

    const auto classes = latency.slow_classes();
    ASSERT_EQ(classes.size(), 1u);
    EXPECT_EQ(classes[0].count, 1u);
    EXPECT_EQ(classes[0].calls_in_class, 100u);
}

TEST(CallLatency, CompactTimingTakesCountsFromRangesAndTheMaximumFromEvents) {
    CallLatency latency(0, /*compact_timing=*/true, 10000);
    const auto tiny = format::DurationSizeClass::kTiny;
    latency.on_event(durations(0, tiny, 16, 17, 90));
    latency.on_event(durations(0, tiny, 40000, 43000, 10));
    latency.on_event(durations(format::kDurationOpFree, tiny, 16, 17, 100));
    // Only the slow calls carry their own durations.
    for (std::uint64_t i = 1; i <= 100; ++i)
        latency.on_event(alloc(i * 16, 32, i <= 10 ? 40000 + i : 0));
    latency.finish();

    EXPECT_EQ(latency.function(0).count(), 100u);
    EXPECT_EQ(latency.function(0).max_ns(), 40010u);
    EXPECT_EQ(latency.function(kLatencyFree).count(), 100u);
    EXPECT_EQ(latency.threads().size(), 1u);
    EXPECT_EQ(latency.slowest().size(), 10u);
    EXPECT_EQ(latency.slowest().front().duration_ns, 40010u);
    ASSERT_EQ(latency.slow_classes().size(), 1u);
    EXPECT_EQ(latency.slow_classes()[0].count, 10u);
    EXPECT_EQ(latency.slow_classes()[0].calls_in_class, 100u);
}

TEST(CallLatency, ReallocAndMremapAreTimedOnce) {
    CallLatency latency(0, false, 1000);
    latency.on_event(alloc(16, 100, 30));
    Event moved_out = release(16, 0);
    moved_out.from_realloc = true;
    Event moved_in = alloc(32, 200, 60);
    moved_in.func = format::AllocFunc::kRealloc;
    moved_in.from_realloc = true;
    latency.on_event(moved_out);
    latency.on_event(moved_in);
    Event unmapped{};
    unmapped.kind = EventKind::kMunmap;
    unmapped.from_realloc = true;
    unmapped.duration_ns = 900;
    Event mapped{};
    mapped.kind = EventKind::kMmap;
    mapped.from_realloc = true;
    mapped.duration_ns = 900;
    mapped.size = 1 << 20;
    latency.on_event(unmapped);
    latency.on_event(mapped);
    latency.finish();

    EXPECT_EQ(latency.function(kLatencyFree).count(), 0u);
    EXPECT_EQ(latency.function(static_cast<std::size_t>(format::AllocFunc::kRealloc)).count(), 1u);
    EXPECT_EQ(latency.function(kLatencyMremap).count(), 1u);
    EXPECT_EQ(latency.function(kLatencyMunmap).count(), 0u);
    EXPECT_EQ(latency.function(kLatencyMmap).count(), 0u);
}

TEST(CallLatency, MemoryStallIsThePressureTotalsMoveBetweenTheRssSamples) {
    CallLatency latency(0, false, 1000);
    Event pressure{};
    pressure.kind = EventKind::kPressureSample;
    pressure.value = 5000;
    latency.on_event(pressure);
    latency.on_event(rss(100));
    latency.on_event(alloc(16, 1 << 20, 7000));
    pressure.value = 5250;
    latency.on_event(pressure);
    latency.on_event(rss(300));
    latency.on_event(alloc(32, 1 << 20, 9000));  // no RSS sample after it
    latency.finish();
    const auto slow = latency.slowest();
    ASSERT_EQ(slow.size(), 2u);
    EXPECT_EQ(slow[0].duration_ns, 9000u);
    EXPECT_FALSE(slow[0].memory_stall_us.has_value());
    EXPECT_EQ(slow[1].memory_stall_us, std::optional<std::uint64_t>(250));
    EXPECT_EQ(slow[1].rss_after_bytes, std::optional<std::uint64_t>(300));
}

TEST(CallLatency, WhatHappenedInsideAttachesToTheThreadsLastSlowCall) {
    CallLatency latency(0, false, 1000);
    Event inside{};
    inside.kind = EventKind::kCallInside;
    inside.tid = 1;
    inside.how = 0;  // malloc
    inside.value = format::kInsideOwnMapping;
    latency.on_event(alloc(16, 1 << 20, 5000));
    latency.on_event(inside);
    latency.on_event(alloc(32, 1 << 20, 10));  // fast: what happened inside is not a slow call's
    latency.on_event(inside);
    latency.on_event(alloc(48, 1 << 20, 6000));
    inside.value = 0;
    inside.address = static_cast<std::uint64_t>(std::int64_t{-4096});
    latency.on_event(inside);
    latency.finish();
    const auto classes = latency.slow_classes();
    ASSERT_EQ(classes.size(), 1u);
    EXPECT_EQ(classes[0].count, 2u);
    EXPECT_EQ(classes[0].own_mappings, 1u);
    EXPECT_EQ(classes[0].brk_moves, 1u);
    EXPECT_EQ(classes[0].brk_bytes, -4096);
    const auto slow = latency.slowest();
    ASSERT_EQ(slow.size(), 2u);
    EXPECT_FALSE(slow[0].own_mapping);  // 6000 ns
    EXPECT_EQ(slow[0].brk_delta, -4096);
    EXPECT_TRUE(slow[1].own_mapping);  // 5000 ns
}

TEST(CallLatency, ThreadArenaGrowthAndTrimsAreSummedPerClassAndKeptPerCall) {
    CallLatency latency(0, false, 1000);
    Event inside{};
    inside.kind = EventKind::kCallInside;
    inside.tid = 1;
    inside.how = 0;  // malloc
    inside.arena_heap_delta = 65536;
    latency.on_event(alloc(16, 4096, 3000));
    latency.on_event(inside);
    latency.on_event(alloc(32, 4096, 4000));
    inside.arena_heap_delta = 8192;
    latency.on_event(inside);
    latency.on_event(release(32, 9000));
    inside.how = format::kDurationOpFree;
    inside.arena_heap_delta = -131072;
    latency.on_event(inside);
    latency.finish();
    std::uint64_t grows = 0, grown = 0, trims = 0, returned = 0;
    for (const auto& c : latency.slow_classes()) {
        if (c.function == kLatencyFree) {
            EXPECT_EQ(c.arena_grows, 0u);
            trims += c.arena_trims;
            returned += c.arena_returned_bytes;
        } else {
            EXPECT_EQ(c.arena_trims, 0u);
            grows += c.arena_grows;
            grown += c.arena_grown_bytes;
        }
    }
    EXPECT_EQ(grows, 2u);
    EXPECT_EQ(grown, 65536u + 8192u);
    EXPECT_EQ(trims, 1u);
    EXPECT_EQ(returned, 131072u);
    const auto slow = latency.slowest();
    ASSERT_EQ(slow.size(), 3u);
    EXPECT_EQ(slow[0].arena_heap_delta, -131072);  // the free, 9000 ns
    EXPECT_EQ(slow[1].arena_heap_delta, 8192);
    EXPECT_EQ(slow[2].arena_heap_delta, 65536);
}

TEST(CallLatency, KeepsOnlyTheSlowestCalls) {
    CallLatency latency(0, false, 1);
    for (std::uint64_t i = 1; i <= 3 * CallLatency::kSlowestKept; ++i)
        latency.on_event(alloc(i * 16, 32, i));
    latency.finish();
    const auto slow = latency.slowest();
    ASSERT_EQ(slow.size(), CallLatency::kSlowestKept);
    EXPECT_EQ(slow.front().duration_ns, 3 * CallLatency::kSlowestKept);
    EXPECT_EQ(slow.back().duration_ns, 2 * CallLatency::kSlowestKept + 1);
}

}  // namespace
}  // namespace memscope::analysis
