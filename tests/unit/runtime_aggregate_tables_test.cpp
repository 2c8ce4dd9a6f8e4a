// Aggregate mode's in-process tables: per-site counters with the peak-epoch
// share of the heap peak (against a brute-force replay that snapshots every
// site at every new peak), the live-block table through its level growth and
// under threads, and the two records written at exit read back by the reader
// and taken in by the analysis as if they had been replayed.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "analysis/trace_pass.h"
#include "runtime/core/aggregate_records.h"
#include "runtime/core/live_block_table.h"
#include "runtime/core/site_totals_table.h"
#include "runtime/core/trace_output.h"
#include "support/local_record_stream.h"
#include "support/temp_dir.h"
#include "trace/aggregate_records.h"
#include "trace/trace_reader.h"

namespace memscope {
namespace {

using runtime::LiveBlockTable;
using runtime::SiteTotalsTable;

std::atomic<std::uint64_t> g_fake_now{0};
std::uint64_t fake_clock() {
    return g_fake_now.load();
}

constexpr std::uint32_t kStackIds = 1u << 16;

// A table that unmaps itself.
struct Sites {
    SiteTotalsTable table;
    Sites() { EXPECT_TRUE(table.init(kStackIds, fake_clock)); }
    ~Sites() { table.release(); }
};

struct Blocks {
    LiveBlockTable table;
    Blocks() { EXPECT_TRUE(table.init()); }
    ~Blocks() { table.release(); }
};

TEST(AggregateSites, OneSitePerStackId) {
    Sites s;
    const std::uint32_t a = s.table.site_of(7);
    const std::uint32_t b = s.table.site_of(9);
    EXPECT_NE(a, 0u);
    EXPECT_NE(b, 0u);
    EXPECT_NE(a, b);
    EXPECT_EQ(s.table.site_of(7), a);
    EXPECT_EQ(s.table.site_of(0), s.table.site_of(0));  // "no stack" is a site too
    EXPECT_EQ(s.table.site_of(kStackIds), 0u);          // out of range
    EXPECT_EQ(s.table.site_count(), 3u);
    EXPECT_EQ(s.table.figures(a).stack_id, 7u);
}

TEST(AggregateSites, PeakSharesAreTheSitesFiguresAtThePeak) {
    Sites s;
    const std::uint32_t a = s.table.site_of(1);
    const std::uint32_t b = s.table.site_of(2);
    g_fake_now = 10;
    s.table.add_block(a, 100);
    g_fake_now = 20;
    s.table.add_block(b, 50);  // peak 150: a 100, b 50
    g_fake_now = 30;
    s.table.remove_block(a, 100, true, false);
    s.table.add_block(b, 30);  // live 80: no new peak
    EXPECT_EQ(s.table.peak_bytes(), 150u);
    EXPECT_EQ(s.table.peak_time_ns(), 20u);
    EXPECT_EQ(s.table.figures(a).peak_bytes, 100u);
    EXPECT_EQ(s.table.figures(b).peak_bytes, 50u);
    EXPECT_EQ(s.table.figures(b).peak_blocks, 1u);
    g_fake_now = 40;
    s.table.add_block(a, 200);                  // live 280: a 200, b 80
    s.table.remove_block(b, 30, false, false);  // a realloc's release: no free call
    const runtime::SiteFigures fa = s.table.figures(a);
    const runtime::SiteFigures fb = s.table.figures(b);
    EXPECT_EQ(s.table.peak_bytes(), 280u);
    EXPECT_EQ(s.table.peak_time_ns(), 40u);
    EXPECT_EQ(fa.peak_bytes, 200u);
    EXPECT_EQ(fb.peak_bytes, 80u);
    EXPECT_EQ(fb.peak_blocks, 2u);
    EXPECT_EQ(fa.allocations, 2u);
    EXPECT_EQ(fa.allocated_bytes, 300u);
    EXPECT_EQ(fa.free_calls, 1u);
    EXPECT_EQ(fa.leaked_bytes, 200u);
    EXPECT_EQ(fb.free_calls, 0u);
    EXPECT_EQ(fb.leaked_bytes, 50u);
    EXPECT_EQ(fb.leaked_blocks, 1u);
    EXPECT_EQ(s.table.live_bytes(), 250u);
}

// A deterministic random walk over 40 sites; the reference copies every
// site's live figures whenever the heap reaches a new maximum.
TEST(AggregateSites, MatchesABruteForceReplay) {
    Sites s;
    constexpr int kSites = 40;
    struct Live {
        std::uint64_t size;
        int site;
    };
    std::vector<Live> live;
    std::vector<std::uint64_t> bytes(kSites), blocks(kSites), peak_bytes(kSites),
        peak_blocks(kSites), allocations(kSites), temporary(kSites);
    std::uint64_t heap = 0, peak = 0;
    std::uint64_t r = 0x2545F4914F6CDD1Dull;
    for (int i = 0; i < 200000; ++i) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        const bool grow = live.empty() || (r % 100) < 52;
        if (grow) {
            const int site = static_cast<int>((r >> 8) % kSites);
            const std::uint64_t size = 1 + (r >> 16) % 4096;
            s.table.add_block(s.table.site_of(static_cast<std::uint32_t>(site)), size);
            live.push_back({size, site});
            bytes[site] += size;
            ++blocks[site];
            ++allocations[site];
            heap += size;
            if (heap > peak) {
                peak = heap;
                peak_bytes = bytes;
                peak_blocks = blocks;
            }
        } else {
            const std::size_t k = (r >> 20) % live.size();
            const Live gone = live[k];
            live[k] = live.back();
            live.pop_back();
            const bool temp = (r >> 40) % 5 == 0;
            s.table.remove_block(s.table.site_of(static_cast<std::uint32_t>(gone.site)), gone.size,
                                 true, temp);
            bytes[gone.site] -= gone.size;
            --blocks[gone.site];
            temporary[gone.site] += temp ? 1 : 0;
            heap -= gone.size;
        }
    }
    EXPECT_EQ(s.table.peak_bytes(), peak);
    EXPECT_EQ(s.table.live_bytes(), heap);
    for (int site = 0; site < kSites; ++site) {
        const runtime::SiteFigures f =
            s.table.figures(s.table.site_of(static_cast<std::uint32_t>(site)));
        EXPECT_EQ(f.peak_bytes, peak_bytes[site]) << "site " << site;
        EXPECT_EQ(f.peak_blocks, peak_blocks[site]) << "site " << site;
        EXPECT_EQ(f.leaked_bytes, bytes[site]) << "site " << site;
        EXPECT_EQ(f.allocations, allocations[site]) << "site " << site;
        EXPECT_EQ(f.temporary, temporary[site]) << "site " << site;
    }
}

// Threads allocating and freeing at once: counts and bytes stay exact; the
// peak lies between the final live heap and that plus every thread's largest
// burst (each thread holds at most kBurst blocks of its own at a time).
TEST(AggregateSites, ThreadsKeepExactTotalsAndABoundedPeak) {
    Sites s;
    constexpr int kThreads = 4;
    constexpr int kRounds = 20000;
    constexpr int kBurst = 4;
    constexpr std::uint64_t kSize = 100;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&s, t] {
            const std::uint32_t site = s.table.site_of(static_cast<std::uint32_t>(t % 2));
            for (int i = 0; i < kRounds; ++i) {
                for (int k = 0; k < kBurst; ++k) s.table.add_block(site, kSize);
                for (int k = 0; k < kBurst - (i % 1000 == 0 ? 1 : 0); ++k)
                    s.table.remove_block(site, kSize, true, false);
            }
        });
    }
    for (auto& t : threads) t.join();
    const std::uint64_t kept_per_thread = kRounds / 1000;
    std::uint64_t allocations = 0;
    std::uint64_t leaked = 0;
    for (std::uint32_t stack = 0; stack < 2; ++stack) {
        const runtime::SiteFigures f = s.table.figures(s.table.site_of(stack));
        allocations += f.allocations;
        leaked += f.leaked_bytes;
        EXPECT_EQ(f.allocated_bytes, f.allocations * kSize);
        EXPECT_LE(f.peak_bytes, s.table.peak_bytes());
    }
    EXPECT_EQ(allocations, std::uint64_t{kThreads} * kRounds * kBurst);
    EXPECT_EQ(leaked, kThreads * kept_per_thread * kSize);
    EXPECT_EQ(s.table.live_bytes(), leaked);
    EXPECT_GE(s.table.peak_bytes(), leaked);
    EXPECT_LE(s.table.peak_bytes(), leaked + kThreads * kBurst * kSize);
}

TEST(AggregateBlocks, HoldsBlocksThroughLevelGrowth) {
    Blocks b;
    constexpr std::uint64_t kCount = 300000;  // level 0 holds 8 Ki at half load
    for (std::uint64_t i = 0; i < kCount; ++i)
        ASSERT_TRUE(
            b.table.insert(0x100000 + i * 16, {static_cast<std::uint32_t>(i % 1000 + 1), i}));
    EXPECT_EQ(b.table.size(), kCount);
    LiveBlockTable::Block out;
    EXPECT_FALSE(b.table.remove(0x10, &out));  // never inserted
    for (std::uint64_t i = 0; i < kCount; ++i) {
        ASSERT_TRUE(b.table.remove(0x100000 + i * 16, &out)) << i;
        EXPECT_EQ(out.site, i % 1000 + 1);
        EXPECT_EQ(out.size, i);
    }
    EXPECT_EQ(b.table.size(), 0u);
    EXPECT_FALSE(b.table.remove(0x100000, &out));  // removed once only
}

TEST(AggregateBlocks, RefusesWhatItCannotHold) {
    Blocks b;
    EXPECT_FALSE(b.table.insert(0, {1, 8}));
    EXPECT_FALSE(b.table.insert(0x1000, {1, LiveBlockTable::kMaxSize + 1}));
    EXPECT_FALSE(b.table.insert(0x1000, {1u << LiveBlockTable::kSiteBits, 8}));
    EXPECT_TRUE(b.table.insert(0x1000, {1, LiveBlockTable::kMaxSize}));
    LiveBlockTable::Block out;
    ASSERT_TRUE(b.table.remove(0x1000, &out));
    EXPECT_EQ(out.size, LiveBlockTable::kMaxSize);
}

TEST(AggregateBlocks, ThreadsInsertAndRemoveTheirOwnBlocks) {
    Blocks b;
    constexpr int kThreads = 4;
    constexpr std::uint64_t kPerThread = 50000;
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const std::uint64_t base =
                0x7f0000000000ull + static_cast<std::uint64_t>(t) * 0x10000000;
            for (std::uint64_t i = 0; i < kPerThread; ++i)
                if (!b.table.insert(base + i * 32, {static_cast<std::uint32_t>(t + 1), i}))
                    ++mismatches;
            LiveBlockTable::Block out;
            for (std::uint64_t i = 0; i < kPerThread; i += 2)
                if (!b.table.remove(base + i * 32, &out) || out.size != i ||
                    out.site != static_cast<std::uint32_t>(t + 1))
                    ++mismatches;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches.load(), 0);
    EXPECT_EQ(b.table.size(), kThreads * kPerThread / 2);
}

struct Collect : trace::EventSink {
    std::vector<trace::Event> events;
    std::vector<trace::SiteTotals> sites;
    trace::RunTotals run;
    void on_event(const trace::Event& e) override {
        events.push_back(e);
        if (e.kind == trace::EventKind::kSiteTotals) sites.push_back(trace::site_totals_of(e));
        if (e.kind == trace::EventKind::kRunTotals) run = trace::run_totals_of(e);
    }
};

// The records the recorder writes at exit, through the real chunk writer.
std::string write_aggregate_trace(testing::TempDir& dir) {
    const std::string path = dir.file("agg.mst");
    runtime::TraceOutput out;
    EXPECT_TRUE(testing::start_test_trace(out, path, format::ColumnSettings{}));
    testing::LocalRecordStream thread(77, 1000);
    runtime::put_stack_node(thread.stream, 1000, 1, 0, 0x401000);
    runtime::put_stack_node(thread.stream, 1000, 2, 1, 0x402000);
    runtime::put_stack_node(thread.stream, 1000, 3, 1, 0x403000);
    EXPECT_TRUE(thread.write_chunk(out));
    testing::LocalRecordStream process(0, 1000);
    runtime::RunFigures run;
    run.peak_bytes = 5000;
    run.peak_ts = 1400;
    run.unknown_frees = 2;
    run.site_count = 2;
    EXPECT_TRUE(runtime::put_run_totals(process.stream, 1500, run));
    runtime::SiteFigures a{2, 10, 4000, 9, 3, 4000, 7, 300, 1};
    runtime::SiteFigures b{3, 5, 1000000000000ull, 5, 0, 1000, 1, 0, 0};
    EXPECT_TRUE(runtime::put_site_totals(process.stream, 1500, a));
    EXPECT_TRUE(runtime::put_site_totals(process.stream, 1500, b));
    EXPECT_TRUE(process.write_chunk(out));
    EXPECT_TRUE(out.write_end(1500));
    out.close_file();
    return path;
}

TEST(AggregateRecords, ReadBackExactly) {
    testing::TempDir dir;
    trace::TraceReader reader(write_aggregate_trace(dir));
    Collect sink;
    reader.read_events(sink);
    EXPECT_FALSE(reader.truncated()) << reader.truncation_reason();
    ASSERT_EQ(sink.events.size(), 3u);
    EXPECT_EQ(sink.events[0].kind, trace::EventKind::kRunTotals);
    EXPECT_EQ(sink.run.peak_bytes, 5000u);
    EXPECT_EQ(sink.run.peak_time_ns, 1400u);
    EXPECT_EQ(sink.run.unknown_frees, 2u);
    EXPECT_EQ(sink.run.site_count, 2u);
    ASSERT_EQ(sink.sites.size(), 2u);
    EXPECT_EQ(sink.events[1].stack, 2u);
    EXPECT_EQ(sink.sites[0].allocations, 10u);
    EXPECT_EQ(sink.sites[0].allocated_bytes, 4000u);
    EXPECT_EQ(sink.sites[0].free_calls, 9u);
    EXPECT_EQ(sink.sites[0].temporary, 3u);
    EXPECT_EQ(sink.sites[0].peak_bytes, 4000u);
    EXPECT_EQ(sink.sites[0].peak_blocks, 7u);
    EXPECT_EQ(sink.sites[0].leaked_bytes, 300u);
    EXPECT_EQ(sink.sites[0].leaked_blocks, 1u);
    EXPECT_EQ(sink.events[2].stack, 3u);
    EXPECT_EQ(sink.sites[1].allocated_bytes, 1000000000000ull);
}

TEST(AggregateRecords, TheAnalysisTakesThemAsReplayedFigures) {
    testing::TempDir dir;
    trace::TraceReader reader(write_aggregate_trace(dir));
    analysis::TracePass pass(reader.header().page_size);
    reader.read_events(pass);
    const analysis::HeapTotals& t = pass.heap().totals();
    EXPECT_EQ(t.allocation_calls, 15u);
    EXPECT_EQ(t.allocated_bytes, 1000000004000ull);
    EXPECT_EQ(t.free_calls, 14u);
    EXPECT_EQ(t.temporary_allocations, 3u);
    EXPECT_EQ(t.live_bytes, 300u);
    EXPECT_EQ(t.live_blocks, 1u);
    EXPECT_EQ(t.unknown_frees, 2u);
    const analysis::PeakTracker& peak = pass.heap().peak();
    EXPECT_EQ(peak.peak_bytes(), 5000u);
    EXPECT_EQ(peak.peak_time_ns(), 1400u);
    std::map<trace::StackId, std::uint64_t> at_peak;
    for (const analysis::StackUsage& u : pass.heap().stacks())
        at_peak[u.stack] = peak.bytes_at_peak(u);
    EXPECT_EQ(at_peak, (std::map<trace::StackId, std::uint64_t>{{2, 4000}, {3, 1000}}));
}

TEST(AggregateRecords, ACutShortSiteRecordIsCorrupt) {
    testing::TempDir dir;
    const std::string path = dir.file("cut.mst");
    runtime::TraceOutput out;
    ASSERT_TRUE(testing::start_test_trace(out, path, format::ColumnSettings{}));
    testing::LocalRecordStream process(0, 1000);
    runtime::put_plain(process.stream, format::RecordType::kSiteTotals, 1500, 3, 2, 10, 4000);
    ASSERT_TRUE(process.write_chunk(out));
    ASSERT_TRUE(out.write_end(1500));
    out.close_file();
    trace::TraceReader reader(path);
    Collect sink;
    reader.read_events(sink);
    EXPECT_TRUE(reader.truncated());
    EXPECT_NE(reader.truncation_reason().find("site totals are cut short"), std::string::npos)
        << reader.truncation_reason();
    EXPECT_TRUE(sink.sites.empty());
}

}  // namespace
}  // namespace memscope
