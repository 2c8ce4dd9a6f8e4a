// Sampled traces: the weight of a sample and the heap replay's estimates.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "analysis/heap_replay.h"
#include "analysis/sample_weight.h"

namespace memscope::analysis {
namespace {

TEST(AnalysisSampleWeight, FullTracesWeighEveryAllocationOnce) {
    const SampleWeighting full;
    EXPECT_FALSE(full.sampled());
    const SampleWeight w = full.weigh(100, 0x1000, 5);
    EXPECT_EQ(w.bytes, 100u);
    EXPECT_EQ(w.blocks, 1u);
}

TEST(AnalysisSampleWeight, BytesAreSizeOverProbability) {
    const SampleWeighting sampled(512 * 1024);
    const double rate = 512 * 1024;
    for (const std::uint64_t size : {1ull, 64ull, 4096ull, 524288ull, 10485760ull}) {
        const double p = -std::expm1(-static_cast<double>(size) / rate);
        EXPECT_DOUBLE_EQ(sampled.probability(size), p);
        const SampleWeight w = sampled.weigh(size, 0x1000, 7);
        EXPECT_NEAR(static_cast<double>(w.bytes), static_cast<double>(size) / p, 0.5) << size;
        EXPECT_GE(w.bytes, size);
    }
    // A block much larger than the rate is always sampled: it stands for itself.
    EXPECT_EQ(sampled.weigh(std::uint64_t{1} << 30, 0x1000, 7).blocks, 1u);
    EXPECT_EQ(sampled.weigh(std::uint64_t{1} << 30, 0x1000, 7).bytes, std::uint64_t{1} << 30);
}

// 1/p is rounded up or down by a hash of address and time with a chance equal
// to its fraction, so the mean over many blocks is 1/p.
TEST(AnalysisSampleWeight, BlockCountIsUnbiasedAndDeterministic) {
    const SampleWeighting sampled(1000);
    const std::uint64_t size = 700;  // 1/p = 1.986...
    const double expected = 1.0 / sampled.probability(size);
    double sum = 0;
    constexpr int kBlocks = 200000;
    for (int i = 0; i < kBlocks; ++i) {
        const SampleWeight w = sampled.weigh(size, 0x10000 + 16 * i, 1000 + i);
        EXPECT_TRUE(w.blocks == 1 || w.blocks == 2);
        sum += static_cast<double>(w.blocks);
    }
    EXPECT_NEAR(sum / kBlocks, expected, 0.01);
    EXPECT_EQ(sampled.weigh(size, 0x10000, 1000).blocks, sampled.weigh(size, 0x10000, 1000).blocks);
}

trace::Event heap_event(trace::EventKind kind, std::uint64_t address, std::uint64_t size,
                        std::uint64_t time) {
    trace::Event e;
    e.kind = kind;
    e.address = address;
    e.size = size;
    e.time_ns = time;
    e.tid = 1;
    e.stack = 3;
    return e;
}

TEST(AnalysisSampleWeight, ReplayWeighsAllocationsAndFreesAlike) {
    const SampleWeighting weighting(64 * 1024);
    HeapReplay replay(weighting);
    replay.on_alloc(heap_event(trace::EventKind::kAlloc, 0x1000, 100, 10));
    replay.on_alloc(heap_event(trace::EventKind::kAlloc, 0x2000, 1 << 20, 11));
    const SampleWeight a = weighting.weigh(100, 0x1000, 10);
    const SampleWeight b = weighting.weigh(1 << 20, 0x2000, 11);
    EXPECT_EQ(replay.totals().allocated_bytes, a.bytes + b.bytes);
    EXPECT_EQ(replay.totals().allocation_calls, a.blocks + b.blocks);
    EXPECT_EQ(replay.peak().peak_bytes(), a.bytes + b.bytes);
    replay.on_free(heap_event(trace::EventKind::kFree, 0x1000, 0, 20));
    EXPECT_EQ(replay.totals().live_bytes, b.bytes);
    EXPECT_EQ(replay.totals().live_blocks, b.blocks);
    EXPECT_EQ(replay.totals().free_calls, a.blocks);
    ASSERT_EQ(replay.stacks().size(), 1u);
    EXPECT_EQ(replay.stacks()[0].live_bytes, b.bytes);
}

}  // namespace
}  // namespace memscope::analysis
