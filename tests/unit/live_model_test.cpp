#include <gtest/gtest.h>

#include <vector>

#include "live/live_model.h"

namespace {

using memscope::live::LiveModel;
using memscope::live::SiteOrder;
using memscope::trace::Event;
using memscope::trace::EventKind;

constexpr std::uint64_t kStart = 5'000'000'000;
constexpr std::uint64_t kMs = 1'000'000;

Event alloc(std::uint32_t tid, std::uint64_t ms, std::uint64_t address, std::uint64_t size,
            std::uint32_t stack) {
    Event e{};
    e.kind = EventKind::kAlloc;
    e.tid = tid;
    e.time_ns = kStart + ms * kMs;
    e.address = address;
    e.size = size;
    e.stack = stack;
    return e;
}

Event free_of(std::uint32_t tid, std::uint64_t ms, std::uint64_t address) {
    Event e{};
    e.kind = EventKind::kFree;
    e.tid = tid;
    e.time_ns = kStart + ms * kMs;
    e.address = address;
    return e;
}

Event simple(EventKind kind, std::uint32_t tid, std::uint64_t ms) {
    Event e{};
    e.kind = kind;
    e.tid = tid;
    e.time_ns = kStart + ms * kMs;
    return e;
}

Event rss_at(std::uint64_t ms, std::uint64_t bytes) {
    Event e = simple(EventKind::kRssSample, 0, ms);
    e.value = bytes;
    return e;
}

TEST(LiveModel, AppliesChunksOfDifferentThreadsInTimeOrder) {
    LiveModel model(kStart);
    // Thread 2 frees thread 1's block and then gets the same address back;
    // thread 2's chunk arrives first.
    model.add({free_of(2, 20, 0x1000), alloc(2, 30, 0x1000, 64, 7)});
    model.add({alloc(1, 10, 0x1000, 100, 5)});
    model.settle(true);
    EXPECT_EQ(model.heap_bytes(), 64u);
    EXPECT_EQ(model.allocations(), 2u);
    EXPECT_EQ(model.live_block_count(), 1u);
    const auto sites = model.top_sites(SiteOrder::kLiveBytes, 10);
    ASSERT_EQ(sites.size(), 2u);
    EXPECT_EQ(sites[0].stack, 7u);
    EXPECT_EQ(sites[0].live_bytes, 64u);
    EXPECT_EQ(sites[1].stack, 5u);
    EXPECT_EQ(sites[1].live_bytes, 0u);
    EXPECT_EQ(sites[1].allocations, 1u);
}

TEST(LiveModel, HoldsRecentEventsInTheReorderWindow) {
    LiveModel model(kStart);
    model.add({alloc(1, 100, 0x1000, 10, 1), alloc(1, 500, 0x2000, 20, 1)});
    model.settle(false);  // newest is 500 ms: only what is older than 250 ms is applied
    EXPECT_EQ(model.heap_bytes(), 10u);
    EXPECT_EQ(model.queued_events(), 1u);
    model.settle(true);
    EXPECT_EQ(model.heap_bytes(), 30u);
    EXPECT_EQ(model.queued_events(), 0u);
}

TEST(LiveModel, SortsSitesByEachKey) {
    LiveModel model(kStart);
    std::vector<Event> events;
    events.push_back(alloc(1, 1, 0x100000, 3 << 20, 1));  // one big block
    for (std::uint64_t i = 0; i < 50; ++i) events.push_back(alloc(1, 2, 0x1000 + i * 64, 32, 2));
    // Site 3 allocates and frees often in the second that follows.
    for (std::uint64_t i = 0; i < 80; ++i) {
        events.push_back(alloc(1, 1000 + i, 0x9000, 16, 3));
        events.push_back(free_of(1, 1000 + i, 0x9000));
    }
    events.push_back(rss_at(2100, 1 << 20));  // closes that second
    model.add(events);
    model.settle(true);
    EXPECT_EQ(model.top_sites(SiteOrder::kLiveBytes, 1).at(0).stack, 1u);
    EXPECT_EQ(model.top_sites(SiteOrder::kAllocations, 1).at(0).stack, 3u);
    const auto by_rate = model.top_sites(SiteOrder::kRate, 3);
    EXPECT_EQ(by_rate.at(0).stack, 3u);
    EXPECT_EQ(by_rate.at(0).allocations_per_second, 80u);
    EXPECT_EQ(model.allocations_per_second(), 80u);
    EXPECT_EQ(model.top_sites(SiteOrder::kAllocations, 2).at(1).stack, 2u);
}

TEST(LiveModel, FollowsNestedPhasesPerThread) {
    LiveModel model(kStart);
    EXPECT_EQ(model.phase(), "-");
    Event solve = simple(EventKind::kPhaseBegin, 1, 1);
    solve.text = "solve";
    Event inner = simple(EventKind::kPhaseBegin, 1, 2);
    inner.text = "assemble";
    model.add({solve, inner});
    model.settle(true);
    EXPECT_EQ(model.phase(), "assemble");
    model.add({simple(EventKind::kPhaseEnd, 1, 3)});
    model.settle(true);
    EXPECT_EQ(model.phase(), "solve");
    model.add({simple(EventKind::kPhaseEnd, 1, 4)});
    model.settle(true);
    EXPECT_EQ(model.phase(), "-");
}

TEST(LiveModel, SamplesHeapAndRssEvery100Ms) {
    LiveModel model(kStart);
    model.add({rss_at(0, 8 << 20), alloc(1, 150, 0x1000, 1000, 1), rss_at(450, 8 << 20)});
    model.settle(true);
    const auto& series = model.series();
    ASSERT_EQ(series.size(), 5u);  // 0, 100, 200, 300 and 400 ms
    EXPECT_EQ(series[1].time_ns, 100 * kMs);
    EXPECT_EQ(series[1].heap_bytes, 0u);
    EXPECT_EQ(series[2].heap_bytes, 1000u);
    EXPECT_EQ(series[4].rss_bytes, 8u << 20);
}

}  // namespace
