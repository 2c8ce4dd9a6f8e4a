#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "analysis/allocator_model.h"
#include "analysis/arena_map.h"
#include "analysis/best_fit_arena.h"
#include "analysis/first_fit_arena.h"
#include "analysis/fit_budget.h"
#include "analysis/heap_replay.h"
#include "analysis/target_heap.h"

namespace memscope::analysis {
namespace {

using trace::Event;
using trace::EventKind;

AllocatorModel model_named(const char* name) {
    const auto model = find_allocator_model(name);
    EXPECT_TRUE(model.has_value()) << name;
    return model.value_or(AllocatorModel{});
}

TEST(AllocatorModel, BlockSizesFollowEachAllocatorsRounding) {
    const AllocatorModel glibc = model_named("glibc-x86_64");
    // glibc: request + 8, rounded up to 16, at least 32 (malloc_usable_size + 8).
    EXPECT_EQ(glibc.block_bytes(0), 32u);
    EXPECT_EQ(glibc.block_bytes(24), 32u);
    EXPECT_EQ(glibc.block_bytes(25), 48u);
    EXPECT_EQ(glibc.block_bytes(1000), 1008u);
    EXPECT_EQ(glibc.mapped_bytes(200000), 200704u);  // 200016 + 8, in 4 KiB pages
    const AllocatorModel i386 = model_named("glibc-i386");
    EXPECT_EQ(i386.block_bytes(1), 16u);
    EXPECT_EQ(i386.block_bytes(12), 16u);
    EXPECT_EQ(i386.block_bytes(13), 32u);
    const AllocatorModel newlib = model_named("newlib-32");
    EXPECT_EQ(newlib.block_bytes(1), 16u);
    EXPECT_EQ(newlib.block_bytes(13), 24u);
    EXPECT_EQ(newlib.block_bytes(1000), 1008u);
    const AllocatorModel tlsf = model_named("tlsf-32");
    EXPECT_EQ(tlsf.block_bytes(1), 16u);
    EXPECT_EQ(tlsf.block_bytes(13), 20u);
    EXPECT_EQ(tlsf.block_bytes(1000), 1004u);
    const AllocatorModel heap4 = model_named("freertos-heap4");
    EXPECT_EQ(heap4.block_bytes(1), 16u);
    EXPECT_EQ(heap4.block_bytes(9), 24u);
    EXPECT_EQ(heap4.placement, PlacementPolicy::kFirstFit);
    EXPECT_FALSE(find_allocator_model("jemalloc").has_value());
}

TEST(AllocatorModel, CustomNumbersMustDescribeAnAllocator) {
    EXPECT_EQ(custom_model_problem(8, 8, 16), "");
    EXPECT_NE(custom_model_problem(8, 12, 24), "");  // alignment not a power of two
    EXPECT_NE(custom_model_problem(8, 0, 16), "");
    EXPECT_NE(custom_model_problem(8, 16, 24), "");  // minimum not a multiple of the alignment
}

TEST(BestFitArena, PlacesInTheSmallestHoleThatHoldsTheBlock) {
    BestFitArena arena(16);
    std::vector<HeapArena::Placement> p;
    for (std::uint64_t bytes : {64u, 32u, 128u, 32u, 48u, 32u}) p.push_back(arena.place(bytes));
    EXPECT_EQ(arena.top(), 336u);
    EXPECT_EQ(p[2].offset, 96u);
    arena.release(p[0]);  // hole of 64 at 0
    arena.release(p[2]);  // hole of 128 at 96
    arena.release(p[4]);  // hole of 48 at 256
    EXPECT_EQ(arena.holes(), 3u);
    EXPECT_EQ(arena.hole_bytes(), 240u);
    EXPECT_EQ(arena.largest_hole(), 128u);
    // 40 fits the 48 hole best: its rest of 8 is below the minimum block, so
    // the block takes the whole hole.
    const auto a = arena.place(40);
    EXPECT_EQ(a.offset, 256u);
    EXPECT_EQ(a.bytes, 48u);
    // 64 fits the 64 hole exactly, before the 128 one.
    EXPECT_EQ(arena.place(64).offset, 0u);
    // 100 splits the 128 hole; its rest of 28 stays a hole.
    const auto b = arena.place(100);
    EXPECT_EQ(b.offset, 96u);
    EXPECT_EQ(b.bytes, 100u);
    EXPECT_EQ(arena.holes(), 1u);
    EXPECT_EQ(arena.hole_bytes(), 28u);
    EXPECT_EQ(arena.top(), 336u);
}

TEST(BestFitArena, FreedNeighboursMergeAndFreeSpaceAtTheTopGivesItBack) {
    BestFitArena arena(16);
    const auto a = arena.place(32);
    const auto b = arena.place(32);
    const auto c = arena.place(32);
    const auto d = arena.place(32);
    arena.release(a);
    arena.release(c);
    EXPECT_EQ(arena.holes(), 2u);
    arena.release(b);  // merges with both neighbours: one hole of 96
    EXPECT_EQ(arena.holes(), 1u);
    EXPECT_EQ(arena.largest_hole(), 96u);
    EXPECT_EQ(arena.place(96).offset, 0u);
    EXPECT_EQ(arena.holes(), 0u);
    arena.release(d);  // at the top: the top comes down, no hole
    EXPECT_EQ(arena.top(), 96u);
    EXPECT_EQ(arena.holes(), 0u);
}

void random_work_keeps_holes_and_top_consistent(HeapArena& arena) {
    std::mt19937_64 random(7);
    std::vector<HeapArena::Placement> live;
    std::uint64_t live_bytes = 0;
    for (int i = 0; i < 20000; ++i) {
        if (live.empty() || random() % 3 != 0) {
            const auto p = arena.place(16 * (1 + random() % 64));
            live_bytes += p.bytes;
            live.push_back(p);
        } else {
            const std::size_t k = random() % live.size();
            live_bytes -= live[k].bytes;
            arena.release(live[k]);
            live[k] = live.back();
            live.pop_back();
        }
        ASSERT_EQ(arena.top(), live_bytes + arena.hole_bytes()) << "step " << i;
    }
    std::uint64_t listed = 0;
    std::uint64_t previous_end = 0;
    for (const auto& hole : arena.hole_list()) {
        // In order and never touching (merged), so after the first a gap.
        if (listed != 0) {
            EXPECT_GT(hole.offset, previous_end);
        }
        previous_end = hole.offset + hole.bytes;
        listed += hole.bytes;
    }
    EXPECT_EQ(listed, arena.hole_bytes());
    EXPECT_LT(previous_end, arena.top());
    for (const auto& p : live) arena.release(p);
    EXPECT_EQ(arena.top(), 0u);
    EXPECT_EQ(arena.holes(), 0u);
    EXPECT_EQ(arena.hole_bytes(), 0u);
}

TEST(BestFitArena, RandomWorkKeepsHolesAndTopConsistent) {
    BestFitArena arena(16);
    random_work_keeps_holes_and_top_consistent(arena);
}

TEST(FirstFitArena, RandomWorkKeepsHolesAndTopConsistent) {
    FirstFitArena arena(16);
    random_work_keeps_holes_and_top_consistent(arena);
}

TEST(FirstFitArena, PlacesInTheLowestHoleThatHoldsTheBlock) {
    FirstFitArena arena(24);
    std::vector<HeapArena::Placement> p;
    for (std::uint64_t bytes : {128u, 32u, 48u, 32u, 64u, 32u}) p.push_back(arena.place(bytes));
    arena.release(p[0]);  // hole of 128 at 0
    arena.release(p[2]);  // hole of 48 at 160
    arena.release(p[4]);  // hole of 64 at 240
    EXPECT_EQ(arena.largest_hole(), 128u);
    // 40 goes to the lowest hole (128 at 0), not the best (48 at 160); its
    // rest of 88 stays a hole.
    const auto a = arena.place(40);
    EXPECT_EQ(a.offset, 0u);
    EXPECT_EQ(a.bytes, 40u);
    // 72 fits the rest at 40 (88): the rest of 16 is below 24, so the block takes it.
    const auto b = arena.place(72);
    EXPECT_EQ(b.offset, 40u);
    EXPECT_EQ(b.bytes, 88u);
    EXPECT_EQ(arena.place(56).offset, 240u);  // 48 at 160 is too small
    EXPECT_EQ(arena.holes(), 1u);
    EXPECT_EQ(arena.hole_bytes(), 48u);
    EXPECT_EQ(arena.place(200).offset, 336u);  // nothing holds it: the top
    // Freeing the block at 128 merges it with the hole after it (160..208).
    arena.release(p[1]);
    EXPECT_EQ(arena.largest_hole(), 80u);
    EXPECT_EQ(arena.holes(), 1u);
    arena.release(arena.place(16));  // a hole at 128 is taken and given back
    const auto holes = arena.hole_list();
    ASSERT_EQ(holes.size(), 1u);
    EXPECT_EQ(holes[0].offset, 128u);
    EXPECT_EQ(holes[0].bytes, 80u);
}

class TargetReplay {
  public:
    explicit TargetReplay(AllocatorModel model) : target(std::move(model)) {
        heap.observe_blocks(&target);
    }
    TargetReplay& alloc(std::uint64_t address, std::uint64_t size) {
        Event e{};
        e.kind = EventKind::kAlloc;
        e.time_ns = ++t_;
        e.tid = 1;
        e.address = address;
        e.size = size;
        e.stack = static_cast<trace::StackId>(size);
        heap.on_alloc(e);
        return *this;
    }
    TargetReplay& free(std::uint64_t address) {
        Event e{};
        e.kind = EventKind::kFree;
        e.time_ns = ++t_;
        e.tid = 1;
        e.address = address;
        heap.on_free(e);
        return *this;
    }

    HeapReplay heap;
    TargetHeap target;

  private:
    std::uint64_t t_ = 0;
};

TEST(TargetHeap, HolesTooSmallForLaterBlocksGrowTheArena) {
    TargetReplay r(model_named("newlib-32"));
    for (std::uint64_t i = 0; i < 8; ++i) r.alloc(0x1000 + i * 0x100, 100);  // 104 each
    for (std::uint64_t i = 0; i < 8; i += 2) r.free(0x1000 + i * 0x100);
    for (std::uint64_t i = 0; i < 4; ++i) r.alloc(0x9000 + i * 0x1000, 300);  // 304 each
    const TargetHeapMoment& m = r.target.memory_peak();
    EXPECT_EQ(m.arena_bytes, 8 * 104u + 4 * 304u);
    EXPECT_EQ(m.block_bytes, 4 * 104u + 4 * 304u);
    EXPECT_EQ(m.hole_bytes, 4 * 104u);
    EXPECT_EQ(m.holes, 4u);
    EXPECT_EQ(m.requested_bytes, 4 * 100u + 4 * 300u);
    EXPECT_EQ(r.target.requested_peak().requested_bytes, r.heap.peak().peak_bytes());
    // Blocks of the freed size fill the holes: no more arena.
    for (std::uint64_t i = 0; i < 4; ++i) r.alloc(0x20000 + i * 0x100, 100);
    EXPECT_EQ(r.target.memory_peak().arena_bytes, 8 * 104u + 4 * 304u);
    EXPECT_EQ(r.target.now().holes, 0u);
    EXPECT_EQ(r.target.footprint_peak().footprint(), 8 * 104u + 4 * 304u);
}

TEST(TargetHeap, AFixedHeapReportsTheFirstAllocationBeyondIt) {
    TargetReplay r(model_named("tlsf-32"));
    r.target.limit_heap(1050);
    r.alloc(0x100, 500).alloc(0x800, 400);  // 504 + 404 = 908
    // 484 in the 504 hole (its rest of 20 stays a hole), 104 on top: 1012.
    r.free(0x100).alloc(0x100, 480).alloc(0x900, 100);
    r.alloc(0xa00, 12);  // 16 in the hole of 20
    EXPECT_FALSE(r.target.overflow().has_value());
    EXPECT_EQ(r.target.now().arena_bytes, 1012u);
    r.alloc(0xb00, 60);  // no hole of 64: the top goes to 1076
    ASSERT_TRUE(r.target.overflow().has_value());
    EXPECT_EQ(r.target.overflow()->request_bytes, 60u);
    EXPECT_EQ(r.target.overflow()->stack, 60u);
    EXPECT_EQ(r.target.overflow()->memory_bytes, 1076u);
    r.alloc(0xc00, 5000);  // the first failure stays the first
    EXPECT_EQ(r.target.overflow()->request_bytes, 60u);
}

TEST(TargetHeap, LargeBlocksAreMappedUntilAFreedMappingRaisesTheThreshold) {
    TargetReplay r(model_named("glibc-x86_64"));
    r.alloc(0x10000, 200000);
    EXPECT_EQ(r.target.mapped_blocks(), 1u);
    EXPECT_EQ(r.target.now().mapped_bytes, 200704u);
    EXPECT_EQ(r.target.now().arena_bytes, 0u);
    r.free(0x10000);
    EXPECT_EQ(r.target.mmap_threshold(), 200704u);
    r.alloc(0x20000, 200000);  // now below the threshold: in the arena
    EXPECT_EQ(r.target.mapped_blocks(), 1u);
    EXPECT_EQ(r.target.now().arena_bytes, 200016u);
    EXPECT_EQ(r.target.memory_peak().memory(), 200704u);  // the mapping was more
}

TEST(TargetHeap, ALostFreeReleasesTheOldBlockBeforeTheNewOneIsPlaced) {
    TargetReplay r(model_named("newlib-32"));
    r.alloc(0x100, 100).alloc(0x100, 100);  // the first block's free was lost
    EXPECT_EQ(r.target.now().blocks, 1u);
    EXPECT_EQ(r.target.now().arena_bytes, 104u);
}

TEST(TargetHeap, StacksAreTakenAtTheFootprintPeakNotAtTheEnd) {
    TargetReplay r(model_named("newlib-32"));             // stack ids are the request sizes here
    r.alloc(0x100, 1).alloc(0x200, 1).alloc(0x300, 100);  // 16 + 16 + 104
    r.free(0x100).free(0x300);                            // after the peak
    r.alloc(0x400, 12).alloc(0x500, 12);                  // 16 + 16: 64 < 136
    const auto stacks = r.target.stacks_at_footprint_peak();
    ASSERT_EQ(stacks.size(), 2u);
    EXPECT_EQ(stacks[0].stack, 1u);  // 2 x 15 bytes of overhead before 1 x 4
    EXPECT_EQ(stacks[0].blocks, 2u);
    EXPECT_EQ(stacks[0].requested_bytes, 2u);
    EXPECT_EQ(stacks[0].footprint_bytes, 32u);
    EXPECT_EQ(stacks[1].stack, 100u);
    EXPECT_EQ(stacks[1].overhead_bytes(), 4u);
    EXPECT_EQ(r.target.footprint_peak().footprint(), 136u);
}

TEST(ArenaMap, CellsShowHowFullEachSliceIsAndHolesGoBySize) {
    // 400 bytes of arena: a hole of 100 at 0, one of 30 at 250, one of 20 at 380.
    const std::vector<HeapArena::Hole> holes{{0, 100}, {250, 30}, {380, 20}};
    const ArenaMap map = arena_map(holes, 400, 4);
    EXPECT_EQ(map.cell_bytes, 100u);
    ASSERT_EQ(map.used.size(), 4u);
    EXPECT_DOUBLE_EQ(map.used[0], 0.0);
    EXPECT_DOUBLE_EQ(map.used[1], 1.0);
    EXPECT_DOUBLE_EQ(map.used[2], 0.7);
    EXPECT_DOUBLE_EQ(map.used[3], 0.8);
    ASSERT_EQ(map.hole_sizes.size(), 2u);
    EXPECT_EQ(map.hole_sizes[0].min_bytes, 16u);  // 20
    EXPECT_EQ(map.hole_sizes[1].min_bytes, 64u);  // 100
    EXPECT_EQ(map.hole_sizes[1].bytes, 100u);
    // A hole across a cell boundary counts in both; the last cell is shorter.
    const ArenaMap uneven = arena_map({{90, 20}}, 250, 3);
    EXPECT_EQ(uneven.cell_bytes, 84u);
    EXPECT_DOUBLE_EQ(uneven.used[0], 1.0);
    EXPECT_DOUBLE_EQ(uneven.used[1], 1.0 - 20.0 / 84.0);
    EXPECT_DOUBLE_EQ(uneven.used[2], 1.0);
}

TEST(TargetHeap, KeepsTheHolesRightAfterTheNthAllocation) {
    TargetReplay r(model_named("newlib-32"));
    r.target.keep_holes_after(3);
    r.alloc(0x100, 100).alloc(0x200, 100).free(0x100).alloc(0x300, 300);  // 3rd: holes {0,104}
    r.alloc(0x400, 100);                                                  // fills the hole
    ASSERT_EQ(r.target.kept_holes().size(), 1u);
    EXPECT_EQ(r.target.kept_holes()[0].offset, 0u);
    EXPECT_EQ(r.target.kept_holes()[0].bytes, 104u);
    EXPECT_EQ(r.target.now().holes, 0u);
    EXPECT_EQ(r.target.memory_peak().allocations, 3u);
}

TEST(FitBudget, RamAddsStaticDataHeapAndStack) {
    FitNeeds needs;
    needs.static_ram_bytes = 1000;
    needs.heap_bytes = 5000;
    needs.stacks = {{"stack of main", 1500}, {"stack reserve", 500}};
    FitBudget budget;
    budget.ram_bytes = 8000;
    auto outcomes = check_fit(needs, budget);
    ASSERT_EQ(outcomes.size(), 1u);
    EXPECT_EQ(outcomes[0].need, 8000u);
    EXPECT_FALSE(outcomes[0].exceeded());
    EXPECT_EQ(outcomes[0].parts.size(), 4u);
    budget.ram_bytes = 7999;
    EXPECT_TRUE(check_fit(needs, budget)[0].exceeded());
    budget.flash_bytes = 10;
    ASSERT_TRUE(missing_need(needs, budget).has_value());
    EXPECT_STREQ(missing_need(needs, budget)->option, "--flash");
    budget.flash_bytes.reset();
    EXPECT_FALSE(missing_need(needs, budget).has_value());
}

}  // namespace
}  // namespace memscope::analysis
