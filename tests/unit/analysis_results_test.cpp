#include <gtest/gtest.h>

#include "analysis/leaks.h"
#include "analysis/site_ranking.h"
#include "analysis/summary.h"
#include "support/sample_trace.h"
#include "support/temp_dir.h"
#include "trace/trace_reader.h"

namespace memscope::analysis {
namespace {

using testing::TempDir;

std::vector<std::string> functions_of(const SymbolizedStack& stack) {
    std::vector<std::string> out;
    for (const auto& f : stack) out.push_back(f.symbol.function.empty() ? "?" : f.symbol.function);
    return out;
}

class AnalysisResults : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = dir_.file("sample.mst");
        testing::write_sample_trace(path_);
        reader_ = std::make_unique<trace::TraceReader>(path_);
        pass_ = std::make_unique<TracePass>(reader_->header().page_size);
        reader_->read_events(*pass_);
        symbolizer_ = std::make_unique<StackSymbolizer>(*reader_, frames_);
    }

    TempDir dir_;
    std::string path_;
    testing::FakeFrameSource frames_ = testing::sample_frames();
    std::unique_ptr<trace::TraceReader> reader_;
    std::unique_ptr<TracePass> pass_;
    std::unique_ptr<StackSymbolizer> symbolizer_;
};

TEST_F(AnalysisResults, SummaryFigures) {
    const Summary s = summarize(path_, *reader_, *pass_, *symbolizer_, 5);
    EXPECT_EQ(s.trace_path, path_);
    EXPECT_EQ(s.pid, 4242u);
    EXPECT_EQ(s.executable, "/usr/bin/testapp");
    EXPECT_EQ(s.command_line, (std::vector<std::string>{"testapp", "--flag"}));
    EXPECT_EQ(s.mode, "full");
    EXPECT_FALSE(s.truncated);
    EXPECT_EQ(s.exit_kind, ExitKind::kExit);
    EXPECT_EQ(s.exit_value, 0u);
    EXPECT_EQ(s.duration_ns, 10'000u);
    EXPECT_EQ(s.peak_heap_bytes, 1800u);
    EXPECT_EQ(s.peak_heap_time_ns, 5'000u);
    EXPECT_EQ(s.peak_rss_bytes, 6u << 20);
    EXPECT_EQ(s.allocation_calls, 7u);
    EXPECT_EQ(s.allocated_bytes, 2204u);
    EXPECT_EQ(s.free_calls, 2u);
    EXPECT_EQ(s.temporary_allocations, 1u);
    EXPECT_EQ(s.leaked_bytes, 1140u);
    EXPECT_EQ(s.leaked_blocks, 5u);
    EXPECT_EQ(s.unknown_frees, 0u);
    EXPECT_EQ(s.mmap.calls, 1u);
    EXPECT_EQ(s.mmap.mapped_bytes, 8u * 4096);
    EXPECT_EQ(s.mmap.peak_bytes, 8u * 4096);
    EXPECT_EQ(s.mmap.live_bytes, 6u * 4096);
    EXPECT_EQ(s.threads, 2u);
    EXPECT_EQ(s.lost_events, 3u);
    EXPECT_EQ(s.events, 14u);
}

TEST_F(AnalysisResults, StacksAtPeak) {
    const Summary s = summarize(path_, *reader_, *pass_, *symbolizer_, 2);
    ASSERT_EQ(s.peak_heap_stacks.size(), 2u);
    EXPECT_EQ(s.peak_heap_stacks[0].bytes, 1000u);
    EXPECT_EQ(s.peak_heap_stacks[0].blocks, 1u);
    // libmemscope's frame is gone; the inline frame comes before its caller.
    EXPECT_EQ(functions_of(s.peak_heap_stacks[0].frames),
              (std::vector<std::string>{"operator new(unsigned long)", "inlined_helper",
                                        "make_buffer", "main"}));
    EXPECT_EQ(s.peak_heap_stacks[0].frames[1].address, 0xc01u);
    EXPECT_TRUE(s.peak_heap_stacks[0].frames[1].symbol.inlined);
    EXPECT_EQ(s.peak_heap_stacks[1].bytes, 500u);
    const Summary all = summarize(path_, *reader_, *pass_, *symbolizer_, 0);
    ASSERT_EQ(all.peak_heap_stacks.size(), 3u);
    EXPECT_EQ(all.peak_heap_stacks[2].bytes, 300u);
}

TEST_F(AnalysisResults, LeaksAreGroupedByPrintedStack) {
    const LeakReport r = find_leaks(*reader_, *pass_, *symbolizer_, 0);
    EXPECT_FALSE(r.truncated);
    EXPECT_EQ(r.leaked_bytes, 1140u);
    EXPECT_EQ(r.leaked_blocks, 5u);
    ASSERT_EQ(r.leaks.size(), 4u);
    EXPECT_EQ(r.total_groups, 4u);
    EXPECT_EQ(r.leaks[0].bytes, 500u);
    EXPECT_EQ(functions_of(r.leaks[0].frames),
              (std::vector<std::string>{"inlined_helper", "make_buffer", "main"}));
    EXPECT_EQ(r.leaks[0].frames[2].symbol.line, 25u);
    EXPECT_EQ(r.leaks[1].bytes, 300u);
    EXPECT_EQ(r.leaks[2].bytes, 200u);
    EXPECT_TRUE(r.leaks[2].frames.empty());  // allocated with no stack
    // Stacks 13 and 50 differ only in the recorder's frame: one group.
    EXPECT_EQ(r.leaks[3].bytes, 140u);
    EXPECT_EQ(r.leaks[3].blocks, 2u);

    const LeakReport top2 = find_leaks(*reader_, *pass_, *symbolizer_, 2);
    EXPECT_EQ(top2.leaks.size(), 2u);
    EXPECT_EQ(top2.total_groups, 4u);
}

TEST_F(AnalysisResults, SitesByPeakSkipOperatorNew) {
    const SiteRanking r = rank_sites(*reader_, *pass_, *symbolizer_, SiteMetric::kPeak, 10);
    ASSERT_EQ(r.sites.size(), 4u);
    const Site& top = r.sites[0];
    EXPECT_EQ(top.location, "inlined_helper at /src/helper.h:3");
    EXPECT_EQ(top.function, "inlined_helper");
    EXPECT_EQ(top.file, "/src/helper.h");
    EXPECT_EQ(top.line, 3u);
    EXPECT_EQ(top.module, "/usr/bin/testapp");
    EXPECT_EQ(top.peak_bytes, 1500u);
    EXPECT_EQ(top.leaked_bytes, 640u);
    EXPECT_EQ(top.leaked_blocks, 3u);
    EXPECT_EQ(top.allocations, 4u);
    EXPECT_EQ(top.allocated_bytes, 1640u);
    EXPECT_EQ(top.temporary, 0u);
    // The example is the stack holding most at the peak (stack 13, via main:20).
    ASSERT_EQ(top.stack.size(), 4u);
    EXPECT_EQ(top.stack[3].symbol.line, 20u);
    EXPECT_EQ(r.sites[1].location, "main at /src/main.cpp:20");
    EXPECT_EQ(r.sites[1].peak_bytes, 300u);
    // Sites holding nothing at the peak come last, by allocated bytes.
    EXPECT_EQ(r.sites[2].location, "(no stack recorded)");
    EXPECT_EQ(r.sites[2].peak_bytes, 0u);
    EXPECT_EQ(r.sites[3].location, "libfoo.so+0x1e00");
    EXPECT_EQ(r.total_sites, 4u);
}

TEST_F(AnalysisResults, SitesByOtherMetrics) {
    const SiteRanking alloc =
        rank_sites(*reader_, *pass_, *symbolizer_, SiteMetric::kAllocations, 0);
    ASSERT_EQ(alloc.sites.size(), 4u);
    EXPECT_EQ(alloc.sites[0].allocations, 4u);
    // Ties on allocations (1 each) are broken by allocated bytes.
    EXPECT_EQ(alloc.sites[1].location, "main at /src/main.cpp:20");
    EXPECT_EQ(alloc.sites[2].location, "(no stack recorded)");
    EXPECT_EQ(alloc.sites[3].location, "libfoo.so+0x1e00");
    EXPECT_EQ(alloc.sites[3].module, "/usr/lib/libfoo.so");
    EXPECT_EQ(alloc.sites[3].function, "");

    const SiteRanking temp = rank_sites(*reader_, *pass_, *symbolizer_, SiteMetric::kTemporary, 0);
    ASSERT_EQ(temp.sites.size(), 4u);
    EXPECT_EQ(temp.sites[0].location, "libfoo.so+0x1e00");
    EXPECT_EQ(temp.sites[0].temporary, 1u);
    EXPECT_EQ(temp.sites[1].temporary, 0u);

    const SiteRanking leaked = rank_sites(*reader_, *pass_, *symbolizer_, SiteMetric::kLeaked, 1);
    ASSERT_EQ(leaked.sites.size(), 1u);
    EXPECT_EQ(leaked.total_sites, 4u);
    EXPECT_EQ(leaked.sites[0].leaked_bytes, 640u);
    // Example stack by leaked bytes: stack 22 (500 B, via main:25).
    EXPECT_EQ(leaked.sites[0].stack.back().symbol.line, 25u);

    const SiteRanking bytes = rank_sites(*reader_, *pass_, *symbolizer_, SiteMetric::kAllocated, 0);
    std::vector<std::uint64_t> allocated;
    for (const auto& s : bytes.sites) allocated.push_back(s.allocated_bytes);
    EXPECT_EQ(allocated, (std::vector<std::uint64_t>{1640, 300, 200, 64}));
}

TEST(AnalysisSiteMetric, NamesRoundTrip) {
    for (const char* name : {"peak", "leaked", "allocations", "temporary", "allocated"}) {
        const auto m = parse_site_metric(name);
        ASSERT_TRUE(m.has_value()) << name;
        EXPECT_STREQ(site_metric_name(*m), name);
    }
    EXPECT_FALSE(parse_site_metric("bytes").has_value());
}

TEST(AnalysisTruncated, LeaksOfATruncatedTraceSayWhy) {
    TempDir dir;
    testing::write_sample_trace(dir.file("t"), /*clean_end=*/false);
    trace::TraceReader reader(dir.file("t"));
    TracePass pass(reader.header().page_size);
    reader.read_events(pass);
    testing::FakeFrameSource frames = testing::sample_frames();
    StackSymbolizer symbolizer(reader, frames);
    const LeakReport r = find_leaks(reader, pass, symbolizer, 0);
    EXPECT_TRUE(r.truncated);
    EXPECT_EQ(r.truncation_reason,
              "the trace ends without its end marker (the recorder did not finish)");
    EXPECT_EQ(r.leaked_bytes, 1140u);
}

}  // namespace
}  // namespace memscope::analysis
