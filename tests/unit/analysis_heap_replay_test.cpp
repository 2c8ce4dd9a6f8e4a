#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "analysis/heap_replay.h"
#include "support/heap_figures.h"

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

// ---- blocks paired within a chunk -------------------------------------------

// Replays one event stream twice: as given, and with Event::chunk_paired set
// where the reader's decoder would set it (an allocation and the free of the
// same block by the same thread, within one chunk of that thread's events).
// Paired blocks skip the replay's table; every figure must come out the same.
struct PairedStream : trace::UndeliveredEvents {
    std::vector<Event> events;
    std::vector<std::pair<std::size_t, std::size_t>> pairs;  // allocation, free
    std::size_t next = 0;                                    // the event being replayed

    // As the reader answers: allocations given already whose free is not.
    void live_at(std::uint64_t address,
                 const std::function<void(const Event&)>& found) const override {
        for (const auto& [a, f] : pairs)
            if (events[a].address == address && a < next && f >= next) found(events[a]);
    }

    // As the reader answers: the thread's events at that time after the one
    // being replayed.
    bool frees_first_at(std::uint32_t tid, std::uint64_t address,
                        std::uint64_t time_ns) const override {
        for (std::size_t j = next + 1; j < events.size() && events[j].time_ns == time_ns; ++j)
            if (events[j].tid == tid && events[j].address == address)
                return events[j].kind == EventKind::kFree;
        return false;
    }

    void mark_pairs(std::size_t events_per_chunk) {
        struct ThreadChunk {
            std::size_t count = 0;
            std::map<std::uint64_t, std::size_t> live;  // address -> its allocation
        };
        std::map<std::uint32_t, ThreadChunk> threads;
        for (std::size_t i = 0; i < events.size(); ++i) {
            Event& e = events[i];
            ThreadChunk& c = threads[e.tid];
            if (c.count++ % events_per_chunk == 0) c.live.clear();
            if (e.address == 0) continue;
            if (e.kind == EventKind::kAlloc) {
                c.live[e.address] = i;  // replaces a block whose free the chunk never saw
            } else if (e.kind == EventKind::kFree) {
                const auto it = c.live.find(e.address);
                if (it == c.live.end()) continue;
                Event& a = events[it->second];
                a.chunk_paired = true;
                e.chunk_paired = true;
                e.size = a.size;
                e.stack = a.stack;
                pairs.emplace_back(it->second, i);
                c.live.erase(it);
            }
        }
    }
};

HeapReplay replayed(const std::vector<Event>& events) {
    HeapReplay heap;
    for (const Event& e : events) {
        if (e.kind == EventKind::kAlloc) heap.on_alloc(e);
        if (e.kind == EventKind::kFree) heap.on_free(e);
    }
    return heap;
}

HeapReplay replayed(PairedStream& s) {
    HeapReplay heap;
    heap.attach_undelivered_events(&s);
    for (s.next = 0; s.next < s.events.size(); ++s.next) {
        const Event& e = s.events[s.next];
        if (e.kind == EventKind::kAlloc) heap.on_alloc(e);
        if (e.kind == EventKind::kFree) heap.on_free(e);
    }
    heap.attach_undelivered_events(nullptr);
    return heap;
}

TEST(AnalysisHeapReplay, ChunkPairedBlocksGiveTheSameFiguresAsLookedUpOnes) {
    // Three threads over a small pool of addresses: frees on the allocating
    // thread and on others (so a block a thread paired may have been freed
    // by another thread and come back to it), allocations over a live block
    // of the same thread (its free was lost), frees of blocks allocated
    // before tracing, reallocs and hand-overs within one time unit (also of a
    // block allocated again within the unit). No block is freed twice (a
    // program that does so has no single right answer). Only the frees of
    // blocks allocated before tracing are unknown.
    std::mt19937_64 random(7);
    for (int round = 0; round < 20; ++round) {
        PairedStream s;
        std::map<std::uint64_t, std::uint32_t> live;  // address -> allocating thread
        std::uint64_t frees_before_tracing = 0;
        std::uint64_t t = 1000;
        auto event = [&](EventKind kind, std::uint32_t tid, std::uint64_t address,
                         std::uint64_t size, bool from_realloc) {
            Event e{};
            e.kind = kind;
            e.tid = tid;
            e.time_ns = t;
            e.address = address;
            e.size = kind == EventKind::kAlloc ? size : 0;
            e.stack = kind == EventKind::kAlloc ? static_cast<trace::StackId>(1 + size % 5) : 0;
            e.from_realloc = from_realloc;
            s.events.push_back(e);
        };
        for (int i = 0; i < 4000; ++i) {
            if (random() % 4 != 0) t += 1 + random() % 3;  // else the same time unit
            const auto tid = static_cast<std::uint32_t>(1 + random() % 3);
            const std::uint64_t address = 0x1000 + 16 * (random() % 64);
            const std::uint64_t size = 8 + random() % 200;
            const auto it = live.find(address);
            const unsigned what = random() % 10;
            if (it == live.end()) {
                if (what == 0) {
                    // A block allocated before tracing began.
                    event(EventKind::kFree, tid, 0x100000 + 16 * (random() % 64), 0, false);
                    ++frees_before_tracing;
                } else if (what == 2) {
                    // Within one time unit: allocated and freed by its
                    // thread, then allocated again and handed over; the
                    // receiving thread's free comes first.
                    const auto other = static_cast<std::uint32_t>(1 + tid % 3);
                    event(EventKind::kFree, other, address, 0, false);
                    event(EventKind::kAlloc, tid, address, size, false);
                    event(EventKind::kFree, tid, address, 0, false);
                    event(EventKind::kAlloc, tid, address, size / 2, false);
                } else if (what == 1) {
                    // Handed over within one time unit: another thread frees
                    // it, and that free comes first (frees first on ties).
                    const auto other = static_cast<std::uint32_t>(1 + tid % 3);
                    event(EventKind::kFree, other, address, 0, false);
                    event(EventKind::kAlloc, tid, address, size, false);
                } else {
                    event(EventKind::kAlloc, tid, address, size, false);
                    live[address] = tid;
                }
            } else if (what == 0) {
                // Its free was lost: the same thread allocates the address again.
                event(EventKind::kAlloc, it->second, address, size, false);
            } else if (what <= 2) {
                // realloc to another free address of the pool, or in place
                std::uint64_t to = 0x1000 + 16 * (random() % 64);
                if (live.count(to) && to != address) to = address;
                event(EventKind::kFree, tid, address, 0, true);
                live.erase(address);
                event(EventKind::kAlloc, tid, to, size, true);
                live[to] = tid;
            } else if (what <= 5) {
                event(EventKind::kFree, it->second, address, 0, false);  // its own thread
                live.erase(it);
            } else if (what == 6) {
                // Within one time unit its thread frees it, allocates the
                // address again and hands the new block over; the receiving
                // thread's free comes first.
                const auto other = static_cast<std::uint32_t>(1 + it->second % 3);
                event(EventKind::kFree, other, address, 0, false);
                event(EventKind::kFree, it->second, address, 0, false);
                event(EventKind::kAlloc, it->second, address, size, false);
                live.erase(it);
            } else {
                event(EventKind::kFree, tid, address, 0, false);  // any thread
                live.erase(it);
            }
        }
        PairedStream plain = s;  // the same answers about events to come, no pairs
        s.mark_pairs(20 + random() % 300);
        std::size_t paired = 0;
        for (const Event& e : s.events) paired += e.chunk_paired ? 1 : 0;
        EXPECT_GT(paired, 0u);
        const HeapReplay looked_up = replayed(plain);
        EXPECT_EQ(looked_up.totals().unknown_frees, frees_before_tracing);
        testing::expect_same_heap_figures(looked_up, replayed(s));
    }
}

TEST(AnalysisHeapReplay, APairedBlockTakenByATiedFreeOnAnotherThreadStaysTaken) {
    // Thread 1 frees 0x500 (unknown) in the time unit where thread 2
    // allocates it: the replay pairs the two. Thread 2's chunk also frees
    // 0x500 later, paired with its allocation: that free must find the
    // block gone, as it would without the pairing.
    PairedStream s;
    auto add = [&](EventKind kind, std::uint32_t tid, std::uint64_t t, std::uint64_t size) {
        Event e{};
        e.kind = kind;
        e.tid = tid;
        e.time_ns = t;
        e.address = 0x500;
        e.size = size;
        e.stack = size != 0 ? 3 : 0;
        s.events.push_back(e);
    };
    add(EventKind::kFree, 1, 10, 0);
    add(EventKind::kAlloc, 2, 10, 64);
    add(EventKind::kFree, 2, 12, 0);
    add(EventKind::kAlloc, 2, 13, 32);
    const std::vector<Event> plain = s.events;
    s.mark_pairs(100);
    ASSERT_TRUE(s.events[1].chunk_paired);
    ASSERT_TRUE(s.events[2].chunk_paired);
    const HeapReplay a = replayed(plain);
    const HeapReplay b = replayed(s);
    testing::expect_same_heap_figures(a, b);
    EXPECT_EQ(b.totals().unknown_frees, 1u);
    EXPECT_EQ(b.totals().live_bytes, 32u);
}

}  // namespace
}  // namespace memscope::analysis
