#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "analysis/heap_replay.h"

namespace memscope::analysis {
namespace {

using trace::Event;
using trace::EventKind;

Event alloc_event(std::uint64_t t, std::uint64_t address, std::uint64_t size, trace::StackId stack,
                  std::uint32_t tid = 1) {
    Event e{};
    e.kind = EventKind::kAlloc;
    e.time_ns = t;
    e.address = address;
    e.size = size;
    e.stack = stack;
    e.tid = tid;
    return e;
}

Event free_event(std::uint64_t t, std::uint64_t address, std::uint32_t tid = 1,
                 bool from_realloc = false) {
    Event e{};
    e.kind = EventKind::kFree;
    e.time_ns = t;
    e.address = address;
    e.tid = tid;
    e.from_realloc = from_realloc;
    return e;
}

// Brute force: copies every stack's live bytes whenever the heap sets a new peak.
struct SnapshotPeak {
    std::map<std::uint64_t, std::pair<std::uint64_t, trace::StackId>> live;
    std::map<trace::StackId, std::uint64_t> per_stack;
    std::map<trace::StackId, std::uint64_t> blocks;
    std::map<trace::StackId, std::uint64_t> at_peak;
    std::map<trace::StackId, std::uint64_t> blocks_at_peak;
    std::uint64_t heap = 0;
    std::uint64_t peak = 0;
    std::uint64_t peak_time = 0;

    void apply(const Event& e) {
        if (e.kind == EventKind::kAlloc) {
            live[e.address] = {e.size, e.stack};
            per_stack[e.stack] += e.size;
            ++blocks[e.stack];
            heap += e.size;
            if (heap > peak) {
                peak = heap;
                peak_time = e.time_ns;
                at_peak = per_stack;
                blocks_at_peak = blocks;
            }
        } else {
            const auto it = live.find(e.address);
            if (it == live.end()) return;
            per_stack[it->second.second] -= it->second.first;
            --blocks[it->second.second];
            heap -= it->second.first;
            live.erase(it);
        }
    }
};

class AnalysisPeakRandom : public ::testing::TestWithParam<unsigned> {};

TEST_P(AnalysisPeakRandom, EpochTrickMatchesSnapshots) {
    std::mt19937_64 rng(GetParam());
    HeapReplay replay;
    SnapshotPeak brute;
    std::vector<std::uint64_t> live;
    std::uint64_t next_address = 0x1000;
    const int steps = 5000 + static_cast<int>(rng() % 5000);
    for (int i = 0; i < steps; ++i) {
        const std::uint64_t t = 1000 + static_cast<std::uint64_t>(i);
        Event e;
        // Phases of growth and shrinking so the peak moves several times.
        const bool growing = (i / 700) % 2 == 0;
        if (live.empty() || rng() % 100 < (growing ? 65u : 35u)) {
            e = alloc_event(t, next_address, 1 + rng() % 4096,
                            static_cast<trace::StackId>(rng() % 40));
            live.push_back(next_address);
            next_address += 0x2000;
        } else {
            const std::size_t k = rng() % live.size();
            e = free_event(t, live[k]);
            live[k] = live.back();
            live.pop_back();
        }
        if (e.kind == EventKind::kAlloc)
            replay.on_alloc(e);
        else
            replay.on_free(e);
        brute.apply(e);
    }
    const PeakTracker& peak = replay.peak();
    ASSERT_EQ(peak.peak_bytes(), brute.peak);
    ASSERT_EQ(peak.peak_time_ns(), brute.peak_time);
    std::uint64_t sum = 0;
    for (const StackUsage& u : replay.stacks()) {
        const auto want = brute.at_peak.count(u.stack) ? brute.at_peak.at(u.stack) : 0;
        const auto want_blocks =
            brute.blocks_at_peak.count(u.stack) ? brute.blocks_at_peak.at(u.stack) : 0;
        EXPECT_EQ(peak.bytes_at_peak(u), want) << "stack " << u.stack;
        EXPECT_EQ(peak.blocks_at_peak(u), want_blocks) << "stack " << u.stack;
        sum += peak.bytes_at_peak(u);
        EXPECT_EQ(u.live_bytes, brute.per_stack[u.stack]);
    }
    EXPECT_EQ(sum, brute.peak);
}

INSTANTIATE_TEST_SUITE_P(Seeds, AnalysisPeakRandom, ::testing::Values(1u, 2u, 3u, 17u, 99u, 2024u));

TEST(AnalysisPeak, StackFreedAfterPeakKeepsItsPeakShare) {
    HeapReplay r;
    r.on_alloc(alloc_event(10, 0x100, 100, 1));
    r.on_alloc(alloc_event(20, 0x200, 50, 2));  // peak 150 here
    r.on_free(free_event(30, 0x100));
    r.on_alloc(alloc_event(40, 0x300, 60, 2));  // 110 < 150
    ASSERT_EQ(r.peak().peak_bytes(), 150u);
    EXPECT_EQ(r.peak().peak_time_ns(), 20u);
    ASSERT_EQ(r.stacks().size(), 2u);
    EXPECT_EQ(r.peak().bytes_at_peak(r.stacks()[0]), 100u);
    EXPECT_EQ(r.peak().bytes_at_peak(r.stacks()[1]), 50u);
    EXPECT_EQ(r.peak().blocks_at_peak(r.stacks()[1]), 1u);
    EXPECT_EQ(r.stacks()[1].live_bytes, 110u);
}

}  // namespace
}  // namespace memscope::analysis
