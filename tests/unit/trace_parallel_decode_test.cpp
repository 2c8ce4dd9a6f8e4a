// Chunks decoded by several workers at once must read exactly as when one
// worker decodes them in turn: same events in the same order, same stack
// table (a later chunk's node wins), same modules with their unloads, and the
// same stop at a damaged chunk.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "support/event_log.h"
#include "support/temp_dir.h"
#include "support/trace_builder.h"
#include "trace/trace_reader.h"

namespace memscope {
namespace {

using testing::EventLog;
using testing::TempDir;
using testing::TraceBuilder;

constexpr std::uint64_t kT0 = 1'000'000'000;

struct Reading {
    std::vector<std::tuple<int, std::uint32_t, std::uint64_t, std::uint64_t, std::uint64_t,
                           std::uint32_t>>
        events;  // kind, tid, time, address, size, stack
    std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>> modules;
    std::vector<std::vector<std::uint64_t>> stacks;  // frames of ids 1..kStackIds
    bool truncated = false;
    std::string reason;
};

constexpr std::uint32_t kStackIds = 40;

Reading read_with(const std::string& path, std::size_t workers) {
    trace::TraceReader reader(path);
    reader.set_decode_workers(workers);
    EventLog log;
    reader.read_events(log);
    Reading r;
    for (const auto& l : log.events) {
        const trace::Event& e = l.event;
        r.events.emplace_back(static_cast<int>(e.kind), e.tid, e.time_ns, e.address, e.size,
                              e.stack);
    }
    for (const auto& m : reader.modules())
        r.modules.emplace_back(m.path, m.load_time_ns, m.unload_time_ns);
    for (std::uint32_t id = 1; id <= kStackIds; ++id) r.stacks.push_back(reader.stack_frames(id));
    r.truncated = reader.truncated();
    r.reason = reader.truncation_reason();
    return r;
}

// Many small chunks over five threads. Stack nodes are defined in one chunk
// and redefined in later ones; libraries are loaded in one chunk and unloaded
// (and one loaded again at the same address) in later chunks.
TraceBuilder busy_trace(format::ColumnTiming timing, bool columns) {
    TraceBuilder b;
    if (columns) b.column_chunks(timing);
    b.records_per_chunk(6);
    std::uint64_t t = kT0;
    for (std::uint32_t round = 0; round < 30; ++round) {
        const std::uint64_t bias = 0x7f00'0000'0000 + (round % 4) * 0x10'0000;
        b.module_load(0, ++t, bias, {{0, 0x1000}}, "", "/lib/l" + std::to_string(round) + ".so");
        for (std::uint32_t id = 1 + round % 7; id <= kStackIds; id += 7)
            b.stack_node(1 + round % 5, ++t, id, id > 1 ? id - 1 : 0, 0x1000 * round + id);
        for (std::uint32_t i = 0; i < 20; ++i) {
            const std::uint32_t tid = 1 + (round * 20 + i) % 5;
            const std::uint64_t address = 0x10'0000 + 0x40 * ((round * 20 + i) % 97);
            b.alloc(tid, ++t, address, 16 + i, 1 + i % kStackIds);
            b.free(tid, ++t, address);
        }
        if (round >= 2) b.module_unload(0, ++t, 0x7f00'0000'0000 + ((round - 2) % 4) * 0x10'0000);
    }
    return b;
}

std::size_t heap_events(const Reading& r) {
    std::size_t n = 0;
    for (const auto& e : r.events) {
        const auto kind = static_cast<trace::EventKind>(std::get<0>(e));
        n += kind == trace::EventKind::kAlloc || kind == trace::EventKind::kFree;
    }
    return n;
}

void expect_same(const Reading& one, const Reading& many) {
    EXPECT_EQ(one.events, many.events);
    EXPECT_EQ(one.modules, many.modules);
    EXPECT_EQ(one.stacks, many.stacks);
    EXPECT_EQ(one.truncated, many.truncated);
    EXPECT_EQ(one.reason, many.reason);
}

TEST(TraceParallelDecode, RowChunksReadTheSameWithOneOrManyWorkers) {
    TempDir dir;
    busy_trace(format::ColumnTiming::kExact, false).write(dir.file("t"));
    const Reading one = read_with(dir.file("t"), 1);
    ASSERT_EQ(heap_events(one), 30u * 40u);
    // Unloads reach modules loaded in earlier chunks.
    std::size_t unloaded = 0;
    for (const auto& m : one.modules) unloaded += std::get<2>(m) != 0;
    EXPECT_EQ(unloaded, 28u);
    for (std::size_t workers : {0, 2, 3, 4, 8}) expect_same(one, read_with(dir.file("t"), workers));
}

TEST(TraceParallelDecode, ColumnChunksReadTheSameWithOneOrManyWorkers) {
    for (auto timing : {format::ColumnTiming::kExact, format::ColumnTiming::kCompact}) {
        TempDir dir;
        busy_trace(timing, true).write(dir.file("t"));
        const Reading one = read_with(dir.file("t"), 1);
        ASSERT_EQ(heap_events(one), 30u * 40u);
        for (std::size_t workers : {0, 2, 4}) expect_same(one, read_with(dir.file("t"), workers));
    }
}

TEST(TraceParallelDecode, ADamagedChunkStopsEveryWorkerCountAtTheSamePlace) {
    TempDir dir;
    TraceBuilder b = busy_trace(format::ColumnTiming::kExact, false);
    auto bytes = b.finish();
    const std::uint64_t victim = b.chunk_offsets()[b.chunk_offsets().size() / 2];
    bytes[victim + format::kChunkHeaderSize + 8] ^= 0xff;
    testing::write_bytes(dir.file("t"), bytes);
    const Reading one = read_with(dir.file("t"), 1);
    EXPECT_TRUE(one.truncated);
    EXPECT_LT(heap_events(one), 30u * 40u);
    EXPECT_GT(one.events.size(), 0u);
    for (std::size_t workers : {0, 2, 4}) expect_same(one, read_with(dir.file("t"), workers));
}

}  // namespace
}  // namespace memscope
