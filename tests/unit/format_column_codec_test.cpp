// Column-coded chunks: the address model run on both sides, and whole traces
// written by the recorder's chunk writer as rows and as columns, read back by
// the real reader. Exact timing must decode to the rows' events exactly;
// compact timing changes only times and durations, in the documented way.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "analysis/heap_replay.h"
#include "analysis/trace_pass.h"
#include "format/address_model.h"
#include "format/address_model_storage.h"
#include "format/column_layout.h"
#include "runtime/core/record_encoder.h"
#include "runtime/core/trace_output.h"
#include "support/heap_figures.h"
#include "support/local_record_stream.h"
#include "support/temp_dir.h"
#include "trace/trace_reader.h"

namespace memscope {
namespace {

using format::AllocFunc;
using format::RecordType;
using trace::Event;
using trace::EventKind;

// ---- the address model ------------------------------------------------------

TEST(AddressModel, DecoderFollowsEncoderOverRandomChurn) {
    constexpr std::uint32_t kAllocations = 20000;
    const std::uint32_t slots = format::AddressModel::slots_for(kAllocations);
    format::AddressModelStorage enc_mem(true);
    format::AddressModelStorage dec_mem(false);  // a decoder has no free table
    format::AddressModel enc;
    format::AddressModel dec;
    enc.reset(enc_mem.memory(slots), slots, slots);
    dec.reset(dec_mem.memory(slots), slots);

    std::mt19937_64 rng(7);
    std::map<std::uint64_t, std::uint64_t> live;  // address -> size
    std::vector<std::uint64_t> free_list;         // LIFO, like a tcache
    std::uint64_t next_fresh = 0x10000;
    std::uint32_t allocations = 0;
    std::uint32_t predicted_frees = 0;
    std::uint32_t predicted_allocs = 0;
    while (allocations < kAllocations) {
        if (live.empty() || rng() % 100 < 52) {
            std::uint64_t address;
            const std::uint64_t size = 16 * (1 + rng() % 8);
            if (!free_list.empty() && rng() % 4 != 0) {
                address = free_list.back();
                free_list.pop_back();
            } else {
                address = next_fresh;
                next_fresh += 0x40 * (1 + rng() % 3);  // addresses collide in the hash
            }
            if (live.count(address) != 0) continue;
            std::uint64_t reference = 0;
            if (enc.recent_free_reference(address, size, reference)) {
                ++predicted_allocs;
                std::uint64_t taken = 0;
                ASSERT_TRUE(enc.take_recent_free(reference, size, taken));
                ASSERT_EQ(taken, address);
                std::uint64_t decoded = 0;
                ASSERT_TRUE(dec.take_recent_free(reference, size, decoded));
                ASSERT_EQ(decoded, address);
            }
            enc.note_alloc(address, size);
            dec.note_alloc(address, size);
            live[address] = size;
            ++allocations;
        } else {
            auto it = live.begin();
            std::advance(it, static_cast<long>(rng() % live.size()));
            const std::uint64_t address = it->first;
            std::uint32_t seq = 0;
            ASSERT_TRUE(enc.find_live(address, seq)) << "live block unknown to the model";
            EXPECT_EQ(enc.size_of(seq), it->second);
            const std::uint64_t rank = enc.rank_of(seq);
            enc.note_free(address, seq);
            ++predicted_frees;
            std::uint32_t dec_seq = 0;
            ASSERT_TRUE(dec.find_live(address, dec_seq));
            EXPECT_EQ(dec_seq, seq);
            std::uint64_t decoded = 0;
            ASSERT_TRUE(dec.take_live(rank, decoded));
            ASSERT_EQ(decoded, address);
            EXPECT_FALSE(dec.find_live(address, dec_seq));
            live.erase(it);
            free_list.push_back(address);
        }
    }
    // Blocks freed and not reused are gone from the model.
    for (const std::uint64_t a : free_list) {
        std::uint32_t seq = 0;
        EXPECT_FALSE(enc.find_live(a, seq));
    }
    EXPECT_GT(predicted_allocs, kAllocations / 2);
    EXPECT_GT(predicted_frees, kAllocations / 3);
}

TEST(AddressModel, OutOfRangeReferencesAreRefused) {
    const std::uint32_t slots = format::AddressModel::slots_for(16);
    format::AddressModelStorage mem(false);
    format::AddressModel m;
    m.reset(mem.memory(slots), slots);
    m.note_alloc(0x1000, 32);
    std::uint64_t a = 0;
    EXPECT_FALSE(m.take_live(1, a));
    EXPECT_FALSE(m.take_recent_free(0, 32, a));
    EXPECT_TRUE(m.take_live(0, a));  // frees it
    EXPECT_EQ(a, 0x1000u);
    EXPECT_FALSE(m.take_live(0, a));
    EXPECT_FALSE(m.take_recent_free(2, 32, a));
    EXPECT_FALSE(m.take_recent_free(3, 32, a));
    EXPECT_FALSE(m.take_recent_free(0, 4096, a));  // no free of that class
    EXPECT_TRUE(m.take_recent_free(0, 32, a));
    EXPECT_EQ(a, 0x1000u);
    EXPECT_FALSE(m.take_recent_free(0, 32, a));  // taken from its class ring
}

TEST(DurationBuckets, BoundsContainTheirValues) {
    for (std::uint64_t ns : {0ull, 1ull, 31ull, 32ull, 33ull, 100ull, 1000ull, 65535ull, 1234567ull,
                             1ull << 40, ~0ull}) {
        const std::uint32_t b = format::duration_bucket(ns);
        ASSERT_LT(b, format::kDurationBucketCount);
        EXPECT_LE(format::duration_bucket_low(b), ns);
        if (ns != ~0ull) {
            EXPECT_GT(format::duration_bucket_high(b), ns);
        }
        // Bucket width stays within 1/16 of the lower bound.
        const std::uint64_t low = format::duration_bucket_low(b);
        if (low >= 32 && ns != ~0ull) {
            EXPECT_LE(format::duration_bucket_high(b) - low, low / 16 + 1);
        }
    }
}

// ---- whole traces ---------------------------------------------------------------

struct Collect : trace::EventSink {
    std::vector<Event> events;
    std::vector<std::string> texts;
    void on_event(const Event& e) override {
        events.push_back(e);
        texts.emplace_back(e.text);
    }
};

// A deterministic multi-thread workload written as records: heap churn with
// reuse (LIFO per size, as glibc does), reallocs (in place, moving, from and to
// null), cross-thread frees, and the other record types in between. Chunks
// are cut at random points, as the writer's periodic flush does.
class Workload {
  public:
    explicit Workload(format::ColumnSettings settings) : settings_(settings) {}

    std::string write(const std::string& path, std::uint32_t threads, std::uint32_t steps,
                      std::uint64_t seed) {
        runtime::TraceOutput out;
        EXPECT_TRUE(testing::start_test_trace(
            out, path, settings_, settings_.timing == format::ColumnTiming::kCompact ? 1024 : 1));
        std::vector<std::unique_ptr<testing::LocalRecordStream>> streams;
        for (std::uint32_t t = 0; t < threads; ++t)
            streams.push_back(
                std::make_unique<testing::LocalRecordStream>(100 + t, 1000, 1u << 20));
        std::mt19937_64 rng(seed);
        std::vector<std::vector<std::pair<std::uint64_t, std::uint64_t>>> held(threads);
        std::map<std::uint64_t, std::vector<std::uint64_t>> free_by_size;
        std::uint64_t fresh = 0x5555'0000'0000;
        std::uint64_t now = 1000;
        for (std::uint32_t i = 0; i < steps; ++i) {
            const std::uint32_t t = static_cast<std::uint32_t>(rng() % threads);
            auto& s = streams[t]->stream;
            now += 50 + rng() % 900;
            const std::uint64_t duration = rng() % 50 == 0 ? 20000 + rng() % 100000 : rng() % 400;
            const std::uint32_t op = static_cast<std::uint32_t>(rng() % 100);
            auto take_address = [&](std::uint64_t size) {
                auto& list = free_by_size[size];
                if (!list.empty() && rng() % 5 != 0) {
                    const std::uint64_t a = list.back();
                    list.pop_back();
                    return a;
                }
                fresh += 16 + ((size + 15) & ~15ull);
                return fresh;
            };
            auto& mine = held[t];
            if (op < 45 || mine.empty()) {
                const std::uint64_t size = 8 * (1 + rng() % 40);
                const std::uint64_t a = take_address(size);
                EXPECT_TRUE(runtime::put_alloc(s, now, static_cast<AllocFunc>(rng() % 9), a, size,
                                               1 + static_cast<std::uint32_t>(rng() % 300),
                                               duration));
                mine.emplace_back(a, size);
            } else if (op < 85) {
                // Free one of this thread's blocks, or hand it to another thread.
                const std::size_t k = rng() % mine.size();
                const auto block = mine[k];
                mine.erase(mine.begin() + static_cast<long>(k));
                if (rng() % 4 == 0) {
                    held[rng() % threads].push_back(block);
                    continue;
                }
                EXPECT_TRUE(runtime::put_free(s, now, block.first, duration));
                free_by_size[block.second].push_back(block.first);
            } else if (op < 95) {
                const std::size_t k = rng() % mine.size();
                const auto block = mine[k];
                const std::uint64_t size = rng() % 3 == 0 ? block.second : 8 * (1 + rng() % 40);
                const std::uint64_t from = rng() % 10 == 0 ? 0 : block.first;
                // realloc(NULL, n) gets a block of its own: the held one stays live.
                const std::uint64_t to =
                    size == block.second && from != 0 ? block.first : take_address(size);
                EXPECT_TRUE(
                    runtime::put_realloc(s, now, AllocFunc::kRealloc, from, to, size, 7, duration));
                if (from != 0) {
                    mine.erase(mine.begin() + static_cast<long>(k));
                    if (from != to) free_by_size[block.second].push_back(from);
                }
                mine.emplace_back(to, size);
            } else if (op < 97) {
                EXPECT_TRUE(runtime::put_stack_node(s, now, static_cast<std::uint32_t>(i + 1), 0,
                                                    0x400000 + i));
            } else if (op < 98) {
                EXPECT_TRUE(runtime::put_text(s, RecordType::kThreadName, now, "w<&>\"", 5));
            } else {
                EXPECT_TRUE(runtime::put_mmap(s, now, 0x7f00'0000'0000 + i * 4096, 8192, 3, 0x22, 0,
                                              duration));
            }
            now += duration;  // the thread's next event comes after the call returned
            if (rng() % 3000 == 0 && streams[t]->pending_bytes() > 0) {
                EXPECT_TRUE(streams[t]->write_chunk(out));
            }
        }
        for (auto& st : streams)
            if (st->pending_bytes() > 0) {
                EXPECT_TRUE(st->write_chunk(out));
            }
        EXPECT_TRUE(out.write_end(now + 1));
        out.close_file();
        return path;
    }

  private:
    format::ColumnSettings settings_;
};

Collect read_all(const std::string& path) {
    trace::TraceReader reader(path);
    Collect c;
    reader.read_events(c);
    EXPECT_FALSE(reader.truncated()) << reader.truncation_reason();
    return c;
}

std::uint64_t column_chunks_of(const std::string& path) {
    trace::TraceReader reader(path);
    std::uint64_t n = 0;
    for (const auto& c : reader.chunks())
        if (c.header.flags & format::kChunkColumns) ++n;
    return n;
}

format::ColumnSettings rows_only() {
    format::ColumnSettings s;
    s.column_chunks = false;
    s.timing = format::ColumnTiming::kExact;
    return s;
}

// Follows the rows' events (a row chunk pairs nothing) and checks what a
// column chunk's event adds. A paired free names the latest allocation its
// own thread made of that address, marked paired too, and carries that
// allocation's size and stack (which need not be the block another thread
// handed back: the decoder sees one thread's chunk); an unpaired free
// carries neither. Every paired allocation meets its paired free.
class PairingCheck {
  public:
    void expect(const Event& row, const Event& column, std::size_t i) {
        EXPECT_FALSE(row.chunk_paired) << "event " << i;
        const Key key{row.tid, row.address};
        if (row.kind == EventKind::kAlloc && row.address != 0) {
            latest_[key] = {row.size, row.stack, column.chunk_paired};
            if (column.chunk_paired) ++open_;
        } else if (row.kind == EventKind::kFree) {
            if (!column.chunk_paired) {
                EXPECT_EQ(column.size, 0u) << "event " << i;
                EXPECT_EQ(column.stack, 0u) << "event " << i;
                return;
            }
            ++paired_;
            const auto it = latest_.find(key);
            ASSERT_TRUE(it != latest_.end()) << "event " << i;
            EXPECT_TRUE(it->second.paired) << "event " << i;
            EXPECT_EQ(column.size, it->second.size) << "event " << i;
            EXPECT_EQ(column.stack, it->second.stack) << "event " << i;
            latest_.erase(it);
            --open_;
        }
    }
    std::uint64_t paired() const { return paired_; }
    // Paired allocations whose free never came.
    std::uint64_t unmatched() const { return open_; }

  private:
    using Key = std::pair<std::uint32_t, std::uint64_t>;
    struct Block {
        std::uint64_t size;
        trace::StackId stack;
        bool paired;
    };
    std::map<Key, Block> latest_;
    std::uint64_t paired_ = 0;
    std::uint64_t open_ = 0;
};

void expect_same_heap_fields(const Event& a, const Event& b, std::size_t i, PairingCheck& pairs) {
    ASSERT_EQ(a.kind, b.kind) << "event " << i;
    ASSERT_EQ(a.address, b.address) << "event " << i;
    if (a.kind == EventKind::kFree) {
        pairs.expect(a, b, i);
    } else {
        ASSERT_EQ(a.size, b.size) << "event " << i;
        ASSERT_EQ(a.stack, b.stack) << "event " << i;
        pairs.expect(a, b, i);
    }
}

TEST(ColumnChunks, ExactTimingDecodesToTheRowsEventForEvent) {
    testing::TempDir dir;
    format::ColumnSettings exact;
    exact.timing = format::ColumnTiming::kExact;
    const auto rows = read_all(Workload(rows_only()).write(dir.file("rows.mst"), 4, 60000, 11));
    const std::string columns_path = Workload(exact).write(dir.file("columns.mst"), 4, 60000, 11);
    EXPECT_GT(column_chunks_of(columns_path), 3u);
    const auto columns = read_all(columns_path);
    ASSERT_EQ(rows.events.size(), columns.events.size());
    PairingCheck pairs;
    for (std::size_t i = 0; i < rows.events.size(); ++i) {
        const Event& a = rows.events[i];
        const Event& b = columns.events[i];
        ASSERT_EQ(a.time_ns, b.time_ns) << "event " << i;
        ASSERT_EQ(a.tid, b.tid) << "event " << i;
        expect_same_heap_fields(a, b, i, pairs);
        ASSERT_EQ(a.func, b.func) << "event " << i;
        ASSERT_EQ(a.from_realloc, b.from_realloc) << "event " << i;
        ASSERT_EQ(a.duration_ns, b.duration_ns) << "event " << i;
        ASSERT_EQ(a.value, b.value) << "event " << i;
        ASSERT_EQ(rows.texts[i], columns.texts[i]) << "event " << i;
    }
    // Most of the workload's blocks live shorter than a chunk.
    EXPECT_GT(pairs.paired(), rows.events.size() / 8);
    EXPECT_EQ(pairs.unmatched(), 0u);
}

bool is_timed_call(const Event& e) {
    return e.kind == EventKind::kAlloc || e.kind == EventKind::kFree;
}

TEST(ColumnChunks, CompactTimingRoundsTimesAndKeepsOutliersExactly) {
    testing::TempDir dir;
    format::ColumnSettings compact;  // the default
    // One thread: the merge order is then the record order in both files.
    const auto rows = read_all(Workload(rows_only()).write(dir.file("rows.mst"), 1, 40000, 5));
    const auto columns = read_all(Workload(compact).write(dir.file("compact.mst"), 1, 40000, 5));
    std::vector<Event> calls;
    std::map<std::uint8_t, std::uint64_t> histogram_calls;  // op -> calls
    for (const Event& e : columns.events) {
        if (e.kind == EventKind::kCallDurations) {
            histogram_calls[e.how] += e.value;
            EXPECT_LT(e.duration_ns, e.duration_max_ns);
        } else {
            calls.push_back(e);
        }
    }
    ASSERT_EQ(calls.size(), rows.events.size());
    std::map<std::uint8_t, std::uint64_t> expected_calls;
    std::uint64_t previous = 0;
    PairingCheck pairs;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const Event& a = rows.events[i];
        const Event& b = calls[i];
        expect_same_heap_fields(a, b, i, pairs);
        // Times are whole units, never decreasing, rounded down; a realloc's
        // new block appears at the unit of its end.
        EXPECT_EQ(b.time_ns % 1024, 0u) << "event " << i;
        EXPECT_GE(b.time_ns, previous) << "event " << i;
        previous = b.time_ns;
        EXPECT_EQ(b.time_ns, a.time_ns / 1024 * 1024) << "event " << i;
        if (is_timed_call(a)) {
            // Durations survive only from the outlier threshold (10 us) up.
            if (a.duration_ns >= format::kDefaultOutlierThresholdNs) {
                EXPECT_EQ(b.duration_ns, a.duration_ns) << "event " << i;
            } else {
                EXPECT_EQ(b.duration_ns, 0u) << "event " << i;
            }
            // One histogram entry per call: a realloc (every one here has a
            // new block) is counted under its func, through its alloc half.
            if (a.kind == EventKind::kAlloc) ++expected_calls[static_cast<std::uint8_t>(a.func)];
            if (a.kind == EventKind::kFree && !a.from_realloc)
                ++expected_calls[format::kDurationOpFree];
        }
    }
    std::uint64_t expected_total = 0;
    std::uint64_t histogram_total = 0;
    for (const auto& [op, n] : expected_calls) expected_total += n;
    for (const auto& [op, n] : histogram_calls) histogram_total += n;
    EXPECT_EQ(histogram_total, expected_total);
    EXPECT_EQ(histogram_calls[format::kDurationOpFree], expected_calls[format::kDurationOpFree]);
    EXPECT_GT(pairs.paired(), calls.size() / 8);
    EXPECT_EQ(pairs.unmatched(), 0u);
}

// The heap replay as summary, top and leaks run it (the reader's pairs
// attached: paired blocks stay out of its table) against the same events
// replayed with every block in the table. Four threads free each other's
// blocks, so pairs whose block another thread freed in between occur.
TEST(ColumnChunks, PairedBlocksReplayToTheSameFiguresAsLookedUpOnes) {
    testing::TempDir dir;
    const std::string path =
        Workload(format::ColumnSettings{}).write(dir.file("c.mst"), 4, 60000, 23);
    const auto events = read_all(path);
    analysis::HeapReplay plain;
    std::uint64_t paired = 0;
    for (Event e : events.events) {
        paired += e.chunk_paired && e.kind == EventKind::kFree ? 1 : 0;
        e.chunk_paired = false;
        e.size = e.kind == EventKind::kFree ? 0 : e.size;
        if (e.kind == EventKind::kAlloc) plain.on_alloc(e);
        if (e.kind == EventKind::kFree) plain.on_free(e);
    }
    EXPECT_GT(paired, events.events.size() / 8);
    trace::TraceReader reader(path);
    analysis::TracePass pass(4096);
    reader.read_events(pass);
    testing::expect_same_heap_figures(pass.heap(), plain);
}

TEST(ColumnChunks, ABlockFreedAndReusedAcrossThreadsInOneTimeUnitReplaysInOrder) {
    testing::TempDir dir;
    const std::string path = dir.file("handover.mst");
    runtime::TraceOutput out;
    ASSERT_TRUE(testing::start_test_trace(out, path, format::ColumnSettings{}, 1024));
    // Thread 2's chunk comes first in the file and in merge rank; its
    // allocation of the block thread 1 frees (at 4200) comes at 4500, in the
    // same time unit.
    testing::LocalRecordStream second(2, 1000);
    ASSERT_TRUE(runtime::put_alloc(second.stream, 4500, AllocFunc::kMalloc, 0xA000, 32, 1, 5));
    testing::LocalRecordStream first(1, 1000);
    ASSERT_TRUE(runtime::put_alloc(first.stream, 2000, AllocFunc::kMalloc, 0xA000, 32, 1, 5));
    ASSERT_TRUE(runtime::put_free(first.stream, 4200, 0xA000, 5));
    ASSERT_TRUE(second.write_chunk(out));
    ASSERT_TRUE(first.write_chunk(out));
    ASSERT_TRUE(out.write_end(5000));
    out.close_file();
    const auto c = read_all(path);
    std::vector<std::pair<EventKind, std::uint32_t>> order;
    for (const Event& e : c.events)
        if (e.kind != EventKind::kCallDurations) order.emplace_back(e.kind, e.tid);
    const std::vector<std::pair<EventKind, std::uint32_t>> expected = {
        {EventKind::kAlloc, 1}, {EventKind::kFree, 1}, {EventKind::kAlloc, 2}};
    EXPECT_EQ(order, expected);
}

// Within one time unit thread 1 frees its own block, allocates the address
// again and hands the new block over; thread 2 frees it. Thread 2's chunk
// ranks first, so its free comes first in the merge. At 0xA000 thread 1's
// block is from an earlier chunk (its free is looked up in the table), at
// 0xB000 from the same chunk (paired), and at 0xC000 thread 1 allocates and
// frees a block within the unit before the one it hands over.
TEST(ColumnChunks, AFreeOfABlockAllocatedAgainWithinItsTimeUnitReleasesTheNewBlock) {
    testing::TempDir dir;
    const std::string path = dir.file("reuse.mst");
    runtime::TraceOutput out;
    ASSERT_TRUE(testing::start_test_trace(out, path, format::ColumnSettings{}, 1024));
    testing::LocalRecordStream second(2, 1000);
    ASSERT_TRUE(runtime::put_free(second.stream, 4400, 0xA000, 5));
    ASSERT_TRUE(runtime::put_free(second.stream, 4410, 0xB000, 5));
    ASSERT_TRUE(runtime::put_free(second.stream, 4420, 0xC000, 5));
    testing::LocalRecordStream first(1, 1000);
    ASSERT_TRUE(runtime::put_alloc(first.stream, 1500, AllocFunc::kMalloc, 0xA000, 100, 1, 5));
    ASSERT_TRUE(second.write_chunk(out));
    ASSERT_TRUE(first.write_chunk(out));
    ASSERT_TRUE(runtime::put_alloc(first.stream, 2000, AllocFunc::kMalloc, 0xB000, 200, 1, 5));
    ASSERT_TRUE(runtime::put_free(first.stream, 4200, 0xA000, 5));
    ASSERT_TRUE(runtime::put_alloc(first.stream, 4210, AllocFunc::kMalloc, 0xA000, 10, 1, 5));
    ASSERT_TRUE(runtime::put_free(first.stream, 4220, 0xB000, 5));
    ASSERT_TRUE(runtime::put_alloc(first.stream, 4230, AllocFunc::kMalloc, 0xB000, 20, 1, 5));
    ASSERT_TRUE(runtime::put_alloc(first.stream, 4240, AllocFunc::kMalloc, 0xC000, 300, 1, 5));
    ASSERT_TRUE(runtime::put_free(first.stream, 4250, 0xC000, 5));
    ASSERT_TRUE(runtime::put_alloc(first.stream, 4260, AllocFunc::kMalloc, 0xC000, 30, 1, 5));
    ASSERT_TRUE(runtime::put_alloc(first.stream, 4270, AllocFunc::kMalloc, 0xD000, 7, 1, 5));
    ASSERT_TRUE(first.write_chunk(out));
    ASSERT_TRUE(out.write_end(5000));
    out.close_file();
    trace::TraceReader reader(path);
    analysis::TracePass pass(4096);
    reader.read_events(pass);
    const analysis::HeapTotals& t = pass.heap().totals();
    EXPECT_EQ(t.unknown_frees, 0u);
    EXPECT_EQ(t.allocation_calls, 7u);
    EXPECT_EQ(t.free_calls, 6u);
    EXPECT_EQ(t.live_blocks, 1u);
    EXPECT_EQ(t.live_bytes, 7u);
}

}  // namespace
}  // namespace memscope
