// Compares every figure two heap replays give: totals, the peak, and each
// stack's figures and share of the peak. For tests that replay the same
// events two ways (with and without blocks paired within a chunk).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>

#include "analysis/heap_replay.h"

namespace memscope::testing {

inline void expect_same_heap_figures(const analysis::HeapReplay& a, const analysis::HeapReplay& b) {
    EXPECT_EQ(a.totals().allocation_calls, b.totals().allocation_calls);
    EXPECT_EQ(a.totals().allocated_bytes, b.totals().allocated_bytes);
    EXPECT_EQ(a.totals().free_calls, b.totals().free_calls);
    EXPECT_EQ(a.totals().temporary_allocations, b.totals().temporary_allocations);
    EXPECT_EQ(a.totals().unknown_frees, b.totals().unknown_frees);
    EXPECT_EQ(a.totals().live_bytes, b.totals().live_bytes);
    EXPECT_EQ(a.totals().live_blocks, b.totals().live_blocks);
    EXPECT_EQ(a.peak().peak_bytes(), b.peak().peak_bytes());
    EXPECT_EQ(a.peak().peak_time_ns(), b.peak().peak_time_ns());
    ASSERT_EQ(a.stacks().size(), b.stacks().size());
    for (std::size_t i = 0; i < a.stacks().size(); ++i) {
        const analysis::StackUsage& x = a.stacks()[i];
        const analysis::StackUsage& y = b.stacks()[i];
        EXPECT_EQ(x.stack, y.stack) << i;
        EXPECT_EQ(x.allocations, y.allocations) << i;
        EXPECT_EQ(x.allocated_bytes, y.allocated_bytes) << i;
        EXPECT_EQ(x.live_bytes, y.live_bytes) << i;
        EXPECT_EQ(x.live_blocks, y.live_blocks) << i;
        EXPECT_EQ(x.temporary, y.temporary) << i;
        EXPECT_EQ(a.peak().bytes_at_peak(x), b.peak().bytes_at_peak(y)) << i;
        EXPECT_EQ(a.peak().blocks_at_peak(x), b.peak().blocks_at_peak(y)) << i;
    }
}

}  // namespace memscope::testing
