#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "support/event_log.h"
#include "support/temp_dir.h"
#include "support/trace_builder.h"
#include "trace/trace_reader.h"

namespace memscope {
namespace {

using format::AllocFunc;
using testing::EventLog;
using testing::TempDir;
using testing::TraceBuilder;
using trace::EventKind;

constexpr std::uint64_t kT0 = 1'000'000'000;

EventLog read_all(const std::string& path) {
    trace::TraceReader reader(path);
    EventLog log;
    reader.read_events(log);
    return log;
}

TEST(TraceMerge, InterleavesThreadsByTimeAcrossChunks) {
    TempDir dir;
    TraceBuilder b;
    b.records_per_chunk(2);
    // Thread 1 at odd times, thread 2 at even times; sizes encode the expected order.
    for (std::uint64_t i = 0; i < 10; ++i) {
        const std::uint32_t tid = (i % 2 == 0) ? 1 : 2;
        b.alloc(tid, kT0 + i, 0x1000 * (i + 1), i);
    }
    b.write(dir.file("t"));
    const EventLog log = read_all(dir.file("t"));
    ASSERT_EQ(log.events.size(), 10u);
    for (std::uint64_t i = 0; i < 10; ++i) {
        EXPECT_EQ(log.events[i].event.size, i);
        EXPECT_EQ(log.events[i].event.time_ns, kT0 + i);
        EXPECT_EQ(log.events[i].event.tid, (i % 2 == 0) ? 1u : 2u);
        EXPECT_EQ(log.events[i].event.address, 0x1000 * (i + 1));
    }
}

TEST(TraceMerge, ChunksWrittenOutOfTimeOrderAreMerged) {
    TempDir dir;
    TraceBuilder b;
    // Thread 2's late chunk is written first, thread 1's early one afterwards,
    // the way a writer thread flushes whichever buffer filled first.
    b.alloc(2, kT0 + 50, 0x5000, 3).alloc(2, kT0 + 60, 0x6000, 4).flush(2);
    b.alloc(1, kT0 + 10, 0x1000, 1).alloc(1, kT0 + 55, 0x2000, 2).flush(1);
    b.alloc(1, kT0 + 70, 0x3000, 5).flush(1);
    b.write(dir.file("t"));
    const EventLog log = read_all(dir.file("t"));
    std::vector<std::uint64_t> sizes;
    for (const auto& e : log.events) sizes.push_back(e.event.size);
    EXPECT_EQ(sizes, (std::vector<std::uint64_t>{1, 3, 2, 4, 5}));
}

TEST(TraceMerge, TiesKeepChunkOrderThenPosition) {
    TempDir dir;
    TraceBuilder b;
    b.alloc(1, kT0 + 5, 0x1000, 1).alloc(1, kT0 + 5, 0x1100, 2).flush(1);
    b.alloc(2, kT0 + 5, 0x2000, 3).alloc(2, kT0 + 5, 0x2100, 4).flush(2);
    b.write(dir.file("t"));
    const EventLog log = read_all(dir.file("t"));
    std::vector<std::uint64_t> sizes;
    for (const auto& e : log.events) sizes.push_back(e.event.size);
    EXPECT_EQ(sizes, (std::vector<std::uint64_t>{1, 2, 3, 4}));
}

// Kinds of the events in delivery order, as letters: a(lloc) f(ree) m(ark).
std::string kinds_of(const EventLog& log) {
    std::string out;
    for (const auto& e : log.events) {
        switch (e.event.kind) {
            case EventKind::kAlloc:
                out += 'a';
                break;
            case EventKind::kFree:
                out += 'f';
                break;
            case EventKind::kMark:
                out += 'm';
                break;
            default:
                out += '?';
                break;
        }
    }
    return out;
}

// A block freed on one thread and handed out on another within one clock unit:
// equal times, and the free must replay first whichever chunk came first.
TEST(TraceMerge, OnEqualTimesAcrossThreadsReleasesGoFirst) {
    for (const bool alloc_chunk_first : {true, false}) {
        TempDir dir;
        TraceBuilder b;
        b.alloc(2, kT0 + 1, 0x1000, 8);
        if (alloc_chunk_first) b.alloc(1, kT0 + 5, 0x1000, 8).flush(1);
        b.free(2, kT0 + 5, 0x1000).flush(2);
        if (!alloc_chunk_first) b.alloc(1, kT0 + 5, 0x1000, 8).flush(1);
        b.write(dir.file("t"));
        EXPECT_EQ(kinds_of(read_all(dir.file("t"))), "afa") << alloc_chunk_first;
    }
}

// A record that neither frees nor allocates (here a mark; in recorded traces
// what the allocator did inside the call before) at the same time, before the
// free in its thread, must not hide the free from the tie rule.
TEST(TraceMerge, NeutralRecordBeforeAFreeDoesNotHideItOnATie) {
    for (const auto timing : {format::ColumnTiming::kExact, format::ColumnTiming::kCompact}) {
        for (const bool rows : {true, false}) {
            TempDir dir;
            TraceBuilder b;
            if (!rows) b.column_chunks(timing);
            b.alloc(1, kT0 + 1024, 0x1000, 8).alloc(1, kT0 + 4096, 0x1000, 8).flush(1);
            b.mark(2, kT0 + 4096, "inside").free(2, kT0 + 4096, 0x1000).flush(2);
            b.write(dir.file("t"));
            EXPECT_EQ(kinds_of(read_all(dir.file("t"))), "amfa")
                << (rows ? "rows" : "columns") << static_cast<int>(timing);
            if (rows) break;  // timing only matters to column chunks
        }
    }
}

TEST(TraceMerge, ReallocBecomesFreeThenAlloc) {
    TempDir dir;
    TraceBuilder b;
    b.alloc(1, kT0 + 10, 0x1000, 100, 7, AllocFunc::kCalloc, 3);
    b.realloc(1, kT0 + 20, 0x1000, 0x8000, 500, 9, 40);
    b.alloc(2, kT0 + 30, 0x9000, 1);  // lands between realloc's halves
    b.write(dir.file("t"));
    const EventLog log = read_all(dir.file("t"));
    ASSERT_EQ(log.events.size(), 4u);
    const auto& a = log.events[0].event;
    EXPECT_EQ(a.kind, EventKind::kAlloc);
    EXPECT_EQ(a.func, AllocFunc::kCalloc);
    EXPECT_EQ(a.stack, 7u);
    EXPECT_EQ(a.duration_ns, 3u);
    EXPECT_FALSE(a.from_realloc);
    const auto& f = log.events[1].event;
    EXPECT_EQ(f.kind, EventKind::kFree);
    EXPECT_TRUE(f.from_realloc);
    EXPECT_EQ(f.address, 0x1000u);
    EXPECT_EQ(f.time_ns, kT0 + 20);
    EXPECT_EQ(log.events[2].event.address, 0x9000u);
    const auto& n = log.events[3].event;
    EXPECT_EQ(n.kind, EventKind::kAlloc);
    EXPECT_TRUE(n.from_realloc);
    EXPECT_EQ(n.func, AllocFunc::kRealloc);
    EXPECT_EQ(n.address, 0x8000u);
    EXPECT_EQ(n.size, 500u);
    EXPECT_EQ(n.stack, 9u);
    EXPECT_EQ(n.time_ns, kT0 + 60);
    EXPECT_EQ(n.duration_ns, 40u);
}

TEST(TraceMerge, ReallocFromNullIsOnlyAnAlloc) {
    TempDir dir;
    TraceBuilder b;
    b.realloc(1, kT0 + 1, 0, 0x4000, 64, 0, 0, AllocFunc::kReallocArray);
    b.write(dir.file("t"));
    const EventLog log = read_all(dir.file("t"));
    ASSERT_EQ(log.events.size(), 1u);
    EXPECT_EQ(log.events[0].event.kind, EventKind::kAlloc);
    EXPECT_EQ(log.events[0].event.func, AllocFunc::kReallocArray);
    EXPECT_TRUE(log.events[0].event.from_realloc);
}

TEST(TraceMerge, MremapBecomesMunmapThenMmap) {
    TempDir dir;
    TraceBuilder b;
    b.mmap(1, kT0 + 1, 0x7000'0000, 8192, 4);
    b.mremap(1, kT0 + 2, 0x7000'0000, 8192, 0x7100'0000, 16384, 5);
    b.munmap(1, kT0 + 3, 0x7100'0000, 4096);
    b.write(dir.file("t"));
    const EventLog log = read_all(dir.file("t"));
    ASSERT_EQ(log.events.size(), 4u);
    EXPECT_EQ(log.events[0].event.kind, EventKind::kMmap);
    EXPECT_EQ(log.events[0].event.stack, 4u);
    EXPECT_EQ(log.events[1].event.kind, EventKind::kMunmap);
    EXPECT_EQ(log.events[1].event.address, 0x7000'0000u);
    EXPECT_EQ(log.events[1].event.size, 8192u);
    EXPECT_EQ(log.events[2].event.kind, EventKind::kMmap);
    EXPECT_EQ(log.events[2].event.address, 0x7100'0000u);
    EXPECT_EQ(log.events[2].event.size, 16384u);
    EXPECT_EQ(log.events[2].event.stack, 5u);
    EXPECT_EQ(log.events[3].event.kind, EventKind::kMunmap);
}

TEST(TraceMerge, TablesAndMiscEvents) {
    TempDir dir;
    TraceBuilder b;
    b.thread_start(1, kT0 + 1);
    b.thread_name(1, kT0 + 1, "main");
    b.module_load(1, kT0 + 2, 0x5555'0000'0000, {{0, 0x1000}, {0x1000, 0x3000}},
                  std::string("\x01\xab\xff", 3), "/usr/bin/testapp");
    b.module_load(1, kT0 + 2, 0x7f00'0000'0000, {{0, 0x2000}}, "", "/lib/libfoo.so");
    b.stack_node(1, kT0 + 3, 1, 0, 0x5555'0000'1100);
    b.stack_node(1, kT0 + 3, 2, 1, 0x5555'0000'1200);
    b.stack_node(1, kT0 + 3, 3, 2, 0x7f00'0000'0042);
    b.alloc(1, kT0 + 4, 0x1000, 10, 3);
    b.rss(1, kT0 + 5, 1 << 20);
    b.mark(1, kT0 + 6, "checkpoint");
    b.raw_record(1, kT0 + 7, 200, {1, 2, 3});  // unknown type: skipped by length
    b.module_unload(1, kT0 + 8, 0x7f00'0000'0000);
    b.lost_events(1, kT0 + 9, 12);
    b.thread_exit(1, kT0 + 10);
    b.thread_start(2, kT0 + 3);
    b.thread_name(2, kT0 + 3, "worker");
    b.process_exit(1, kT0 + 11, format::ExitHow::kSignal, 11, 5 << 20);
    b.rss(0, kT0 + 12, 1 << 21);  // the process stream: not a thread
    b.write(dir.file("t"));

    trace::TraceReader reader(dir.file("t"));
    EventLog log;
    reader.read_events(log);
    std::vector<EventKind> kinds;
    for (const auto& e : log.events) kinds.push_back(e.event.kind);
    EXPECT_EQ(kinds, (std::vector<EventKind>{
                         EventKind::kThreadStart, EventKind::kThreadStart, EventKind::kAlloc,
                         EventKind::kRssSample, EventKind::kMark, EventKind::kLostEvents,
                         EventKind::kThreadExit, EventKind::kProcessExit, EventKind::kRssSample}));
    EXPECT_EQ(log.events[3].event.value, 1u << 20);
    EXPECT_EQ(log.events[4].text, "checkpoint");
    EXPECT_EQ(log.events[5].event.value, 12u);
    EXPECT_EQ(log.events[7].event.how, static_cast<std::uint8_t>(format::ExitHow::kSignal));
    EXPECT_EQ(log.events[7].event.value, 11u);
    EXPECT_EQ(log.events[7].event.size, 5u << 20);
    EXPECT_EQ(log.events[7].event.time_ns, kT0 + 11);
    EXPECT_EQ(reader.event_count(), 9u);
    EXPECT_EQ(reader.end_time_ns(), kT0 + 12);

    EXPECT_EQ(reader.stack_frames(3),
              (std::vector<std::uint64_t>{0x7f00'0000'0042, 0x5555'0000'1200, 0x5555'0000'1100}));
    EXPECT_TRUE(reader.stack_frames(0).empty());
    EXPECT_TRUE(reader.stack_frames(99).empty());

    ASSERT_EQ(reader.modules().size(), 2u);
    const auto& exe = reader.modules()[0];
    EXPECT_EQ(exe.path, "/usr/bin/testapp");
    EXPECT_EQ(exe.build_id, "01abff");
    EXPECT_EQ(exe.load_bias, 0x5555'0000'0000u);
    ASSERT_EQ(exe.segments.size(), 2u);
    EXPECT_EQ(exe.segments[1].vaddr, 0x1000u);
    EXPECT_EQ(exe.segments[1].memsz, 0x3000u);
    EXPECT_TRUE(exe.contains(0x5555'0000'3fff));
    EXPECT_FALSE(exe.contains(0x5555'0000'4000));
    EXPECT_EQ(exe.load_time_ns, kT0 + 2);
    EXPECT_EQ(exe.unload_time_ns, 0u);
    EXPECT_EQ(reader.modules()[1].build_id, "");
    EXPECT_EQ(reader.modules()[1].unload_time_ns, kT0 + 8);

    ASSERT_EQ(reader.threads().size(), 2u);
    EXPECT_EQ(reader.threads().at(1).name, "main");
    EXPECT_EQ(reader.threads().at(1).start_ns, kT0 + 1);
    EXPECT_EQ(reader.threads().at(1).exit_ns, kT0 + 10);
    EXPECT_EQ(reader.threads().at(2).name, "worker");

    // A second pass yields the same events and tables.
    EventLog again;
    reader.read_events(again);
    EXPECT_EQ(again.events.size(), 9u);
    EXPECT_EQ(reader.modules().size(), 2u);
}

TEST(TraceMerge, CyclicStackTableTerminates) {
    TempDir dir;
    TraceBuilder b;
    b.stack_node(1, kT0, 1, 2, 0x10);
    b.stack_node(1, kT0, 2, 1, 0x20);
    b.stack_node(1, kT0, 3, 3, 0x30);
    b.write(dir.file("t"));
    trace::TraceReader reader(dir.file("t"));
    EventLog log;
    reader.read_events(log);
    EXPECT_EQ(reader.stack_frames(1), (std::vector<std::uint64_t>{0x10, 0x20}));
    EXPECT_EQ(reader.stack_frames(3), (std::vector<std::uint64_t>{0x30}));
}

TEST(TraceMerge, DeepStackIsCapped) {
    TempDir dir;
    TraceBuilder b;
    for (std::uint32_t id = 1; id <= 3000; ++id) b.stack_node(1, kT0, id, id - 1, id);
    b.write(dir.file("t"));
    trace::TraceReader reader(dir.file("t"));
    EventLog log;
    reader.read_events(log);
    const auto frames = reader.stack_frames(3000);
    EXPECT_EQ(frames.size(), 1024u);
    EXPECT_EQ(frames.front(), 3000u);
}

TEST(TraceMerge, ManyThreadsManyChunksStayOrdered) {
    TempDir dir;
    TraceBuilder b;
    b.records_per_chunk(7);
    std::uint64_t total = 0;
    for (std::uint64_t i = 0; i < 2000; ++i) {
        const auto tid = static_cast<std::uint32_t>(1 + (i * 7919) % 13);
        b.alloc(tid, kT0 + i * 3, 0x10000 + i * 64, i);
        ++total;
    }
    b.write(dir.file("t"));
    const EventLog log = read_all(dir.file("t"));
    ASSERT_EQ(log.events.size(), total);
    for (std::uint64_t i = 0; i < total; ++i) ASSERT_EQ(log.events[i].event.size, i);
}

// Random traces full of ties: four threads on one slowly moving clock, so many
// times are equal across threads; frees, marks and allocations mixed; chunks
// of a few records. Within a thread times strictly increase, so the merge
// order is the total order (time, tie class, chunk rank, position in chunk),
// computed here by sorting. Most events reach the sink in runs from one chunk
// without a heap operation: those runs must end exactly where this order says.
TEST(TraceMerge, TieHeavyRandomTracesFollowTheTieRulesInRuns) {
    constexpr std::size_t kPerChunk = 5;
    for (const bool rows : {true, false}) {
        // A column chunk costs its decoder a large address model: fewer of those.
        for (std::uint32_t seed = 1; seed <= (rows ? 20u : 1u); ++seed) {
            std::mt19937 random(seed);
            TempDir dir;
            TraceBuilder b;
            b.records_per_chunk(kPerChunk);
            if (!rows) b.column_chunks(format::ColumnTiming::kExact);
            struct Expected {
                std::uint64_t time;
                int tie_class;  // 0 free, 1 mark, 2 alloc
                std::uint32_t tid;
                std::size_t chunk;  // of its thread
                std::uint64_t id;
            };
            std::vector<Expected> expected;
            std::map<std::uint32_t, std::uint64_t> last_time;
            std::map<std::uint32_t, std::size_t> records;
            std::vector<std::pair<std::uint32_t, std::size_t>> file_order;  // (tid, chunk)
            std::map<std::pair<std::uint32_t, std::size_t>, std::uint64_t> t_begin;
            std::uint64_t clock = kT0;
            for (std::uint64_t id = 1; id <= 400; ++id) {
                clock += random() % 3 == 0 ? 1 : 0;
                const auto tid = static_cast<std::uint32_t>(1 + random() % 4);
                const std::uint64_t t =
                    last_time.contains(tid) ? std::max(clock, last_time[tid] + 1) : clock;
                last_time[tid] = t;
                const int tie_class = static_cast<int>(random() % 3);
                const std::uint64_t address = 0x100000 + id * 16;
                if (tie_class == 0) b.free(tid, t, address);
                if (tie_class == 1) b.mark(tid, t, std::to_string(id));
                if (tie_class == 2) b.alloc(tid, t, address, id);
                const std::size_t chunk = records[tid]++ / kPerChunk;
                if (records[tid] % kPerChunk == 1) t_begin[{tid, chunk}] = t;
                if (records[tid] % kPerChunk == 0) file_order.emplace_back(tid, chunk);
                expected.push_back({t, tie_class, tid, chunk, id});
            }
            for (const auto& [tid, n] : records)  // finish() flushes in tid order
                if (n % kPerChunk != 0) file_order.emplace_back(tid, n / kPerChunk);
            b.write(dir.file("t"));

            std::vector<std::pair<std::uint32_t, std::size_t>> by_begin = file_order;
            std::stable_sort(by_begin.begin(), by_begin.end(),
                             [&](const auto& x, const auto& y) { return t_begin[x] < t_begin[y]; });
            std::map<std::pair<std::uint32_t, std::size_t>, std::size_t> rank;
            for (std::size_t i = 0; i < by_begin.size(); ++i) rank[by_begin[i]] = i;
            std::stable_sort(
                expected.begin(), expected.end(), [&](const Expected& x, const Expected& y) {
                    return std::make_tuple(x.time, x.tie_class, rank[{x.tid, x.chunk}]) <
                           std::make_tuple(y.time, y.tie_class, rank[{y.tid, y.chunk}]);
                });
            std::vector<std::uint64_t> want;
            for (const Expected& e : expected) want.push_back(e.id);

            std::vector<std::uint64_t> got;
            for (const auto& e : read_all(dir.file("t")).events) {
                if (e.event.kind == EventKind::kMark) got.push_back(std::stoull(e.text));
                if (e.event.kind == EventKind::kAlloc) got.push_back(e.event.size);
                if (e.event.kind == EventKind::kFree)
                    got.push_back((e.event.address - 0x100000) / 16);
            }
            ASSERT_EQ(got, want) << (rows ? "rows" : "columns") << " seed " << seed;
        }
    }
}

}  // namespace
}  // namespace memscope
