#include <gtest/gtest.h>

#include "analysis/heap_replay.h"

namespace memscope::analysis {
namespace {

using trace::Event;
using trace::EventKind;

class Replay {
  public:
    Replay& alloc(std::uint32_t tid, std::uint64_t address, std::uint64_t size,
                  trace::StackId stack = 1, bool from_realloc = false) {
        Event e{};
        e.kind = EventKind::kAlloc;
        e.time_ns = ++t_;
        e.tid = tid;
        e.address = address;
        e.size = size;
        e.stack = stack;
        e.from_realloc = from_realloc;
        heap.on_alloc(e);
        return *this;
    }
    Replay& free(std::uint32_t tid, std::uint64_t address, bool from_realloc = false) {
        Event e{};
        e.kind = EventKind::kFree;
        e.time_ns = ++t_;
        e.tid = tid;
        e.address = address;
        e.from_realloc = from_realloc;
        heap.on_free(e);
        return *this;
    }
    // realloc as the reader delivers it: the old block's release, then the new block.
    Replay& realloc(std::uint32_t tid, std::uint64_t from, std::uint64_t to, std::uint64_t size,
                    trace::StackId stack = 1) {
        free(tid, from, true);
        return alloc(tid, to, size, stack, true);
    }
    // The next event gets the same time as the previous one (one time unit).
    Replay& same_time() {
        --t_;
        return *this;
    }
    const HeapTotals& totals() const { return heap.totals(); }

    HeapReplay heap;

  private:
    std::uint64_t t_ = 0;
};

TEST(AnalysisHeapReplay, CountsCallsBytesAndLeaks) {
    Replay r;
    r.alloc(1, 0x10, 100).alloc(1, 0x20, 200).alloc(1, 0x30, 300);
    r.free(1, 0x20);
    r.realloc(1, 0x10, 0x40, 1000);
    const HeapTotals& t = r.totals();
    EXPECT_EQ(t.allocation_calls, 4u);
    EXPECT_EQ(t.allocated_bytes, 1600u);
    EXPECT_EQ(t.free_calls, 1u);
    EXPECT_EQ(t.live_bytes, 1300u);
    EXPECT_EQ(t.live_blocks, 2u);
    EXPECT_EQ(t.unknown_frees, 0u);
    EXPECT_EQ(r.heap.peak().peak_bytes(), 1300u);
}

TEST(AnalysisHeapReplay, UnknownFreesAreCountedApartAndIgnored) {
    Replay r;
    r.alloc(1, 0x10, 8);
    r.free(1, 0x999);               // allocated before tracing started
    r.realloc(1, 0x888, 0x20, 16);  // realloc of such a block
    r.free(1, 0);                   // free(NULL)
    EXPECT_EQ(r.totals().unknown_frees, 2u);
    EXPECT_EQ(r.totals().free_calls, 0u);
    EXPECT_EQ(r.totals().live_bytes, 24u);
    EXPECT_EQ(r.totals().allocation_calls, 2u);
}

TEST(AnalysisHeapReplay, TemporaryMeansFreedBeforeTheThreadsNextAllocation) {
    Replay r;
    r.alloc(1, 0x10, 8).free(1, 0x10);      // temporary
    r.alloc(1, 0x20, 8).alloc(1, 0x30, 8);  // 0x20 is no longer the last
    r.free(1, 0x20);                        // not temporary
    r.free(1, 0x30);                        // temporary: frees in between don't matter
    EXPECT_EQ(r.totals().temporary_allocations, 2u);
}

TEST(AnalysisHeapReplay, OtherThreadsDoNotMaskTemporaries) {
    Replay r;
    r.alloc(1, 0x10, 8);
    r.alloc(2, 0x20, 8);  // another thread allocating in between
    r.free(1, 0x10);      // still temporary for thread 1
    r.free(2, 0x20);
    EXPECT_EQ(r.totals().temporary_allocations, 2u);
}

TEST(AnalysisHeapReplay, CrossThreadFreeIsNotTemporary) {
    Replay r;
    r.alloc(1, 0x10, 8);
    r.free(2, 0x10);
    EXPECT_EQ(r.totals().temporary_allocations, 0u);
    // Thread 1 reuses the address afterwards; thread 2's state must not match it.
    r.alloc(2, 0x50, 8);
    r.free(2, 0x50);  // temporary
    r.alloc(1, 0x10, 8);
    r.free(2, 0x10);  // cross-thread again
    EXPECT_EQ(r.totals().temporary_allocations, 1u);
}

TEST(AnalysisHeapReplay, ReallocCountsAsAnAllocationButItsReleaseIsNotTemporary) {
    Replay r;
    r.alloc(1, 0x10, 8);
    r.realloc(1, 0x10, 0x20, 16);  // 0x10 released by realloc: not temporary
    r.free(1, 0x20);               // the realloc'd block, freed next: temporary
    r.alloc(1, 0x30, 8);
    r.realloc(1, 0x99, 0x40, 8);  // an allocation call in between (unknown old block)
    r.free(1, 0x30);
    EXPECT_EQ(r.totals().temporary_allocations, 1u);
    EXPECT_EQ(r.totals().allocation_calls, 4u);
}

TEST(AnalysisHeapReplay, PerStackFigures) {
    Replay r;
    r.alloc(1, 0x10, 100, 7).alloc(1, 0x20, 50, 8).free(1, 0x20);
    r.alloc(1, 0x30, 10, 7);
    ASSERT_EQ(r.heap.stacks().size(), 2u);
    const StackUsage& a = r.heap.stacks()[0];
    const StackUsage& b = r.heap.stacks()[1];
    EXPECT_EQ(a.stack, 7u);
    EXPECT_EQ(a.allocations, 2u);
    EXPECT_EQ(a.allocated_bytes, 110u);
    EXPECT_EQ(a.live_bytes, 110u);
    EXPECT_EQ(a.live_blocks, 2u);
    EXPECT_EQ(a.temporary, 0u);
    EXPECT_EQ(b.stack, 8u);
    EXPECT_EQ(b.temporary, 1u);
    EXPECT_EQ(b.live_bytes, 0u);
}

TEST(AnalysisHeapReplay, AllocationOverALiveAddressReplacesTheStaleBlock) {
    Replay r;
    r.alloc(1, 0x10, 100);
    r.alloc(1, 0x10, 30);  // its free was lost
    EXPECT_EQ(r.totals().live_bytes, 30u);
    EXPECT_EQ(r.totals().live_blocks, 1u);
    EXPECT_EQ(r.totals().allocation_calls, 2u);
}

TEST(AnalysisHeapReplay, AFreeTiedWithTheAllocationOnAnotherThreadIsPairedWithIt) {
    // Thread 2 allocated the block and thread 1 freed it within one time
    // unit; the reader put the free first (frees first on equal times).
    Replay r;
    r.alloc(1, 0x100, 10);
    r.free(1, 0x500).same_time().alloc(2, 0x500, 64);
    EXPECT_EQ(r.totals().unknown_frees, 0u);
    EXPECT_EQ(r.totals().live_blocks, 1u);
    EXPECT_EQ(r.totals().live_bytes, 10u);
    EXPECT_EQ(r.totals().free_calls, 1u);
    EXPECT_EQ(r.totals().allocation_calls, 2u);
}

TEST(AnalysisHeapReplay, AnUnknownFreeStaysUnknownOnceTimeMovesOnOrOnTheSameThread) {
    Replay r;
    r.free(1, 0x500).alloc(2, 0x500, 64);              // a later time: not paired
    r.free(1, 0x600).same_time().alloc(1, 0x600, 32);  // the same thread: not paired
    EXPECT_EQ(r.totals().unknown_frees, 2u);
    EXPECT_EQ(r.totals().live_blocks, 2u);
    EXPECT_EQ(r.totals().live_bytes, 96u);
}

}  // namespace
}  // namespace memscope::analysis
