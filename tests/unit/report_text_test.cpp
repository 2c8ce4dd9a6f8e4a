#include <gtest/gtest.h>

#include <cstdlib>

#include "analysis/leaks.h"
#include "analysis/site_ranking.h"
#include "analysis/summary.h"
#include "report/exit_text.h"
#include "report/leaks_text.h"
#include "report/summary_text.h"
#include "report/text_style.h"
#include "report/top_text.h"
#include "support/sample_trace.h"
#include "support/temp_dir.h"

namespace memscope::report {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

class ReportText : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = dir_.file("sample.mst");
        testing::write_sample_trace(path_);
        reader_ = std::make_unique<trace::TraceReader>(path_);
        pass_ = std::make_unique<analysis::TracePass>(reader_->header().page_size);
        reader_->read_events(*pass_);
        stacks_ = std::make_unique<analysis::StackSymbolizer>(*reader_, frames_);
    }

    testing::TempDir dir_;
    std::string path_;
    testing::FakeFrameSource frames_ = testing::sample_frames();
    std::unique_ptr<trace::TraceReader> reader_;
    std::unique_ptr<analysis::TracePass> pass_;
    std::unique_ptr<analysis::StackSymbolizer> stacks_;
};

TEST_F(ReportText, SummaryShowsFiguresWithUnits) {
    const std::string text =
        summary_text(analysis::summarize(path_, *reader_, *pass_, *stacks_, 5), TextStyle(false));
    EXPECT_TRUE(contains(text, "memscope summary of " + path_ + "\n")) << text;
    EXPECT_TRUE(contains(text, "  command   testapp --flag\n")) << text;
    EXPECT_TRUE(contains(text, "  ended     exited with status 0\n")) << text;
    EXPECT_TRUE(contains(text, "  peak heap              1.76 KiB  at 5.00 us\n")) << text;
    EXPECT_TRUE(contains(text, "  allocation calls              7\n")) << text;
    EXPECT_TRUE(contains(text, "  leaked                 1.11 KiB  in 5 blocks\n")) << text;
    EXPECT_TRUE(contains(text, "  peak RSS       6.00 MiB\n")) << text;
    EXPECT_TRUE(contains(text,
                         "  #1 1000 B (55.6%) in 1 block\n"
                         "      operator new(unsigned long) in libstdc++.so.6\n"
                         "      inlined_helper at /src/helper.h:3 (inlined)\n"
                         "      make_buffer at /src/buffer.cpp:10\n"
                         "      main at /src/main.cpp:20\n"))
        << text;
    EXPECT_TRUE(contains(text, "3 events were lost")) << text;
    EXPECT_FALSE(contains(text, "\x1b[")) << text;
}

TEST_F(ReportText, ColourOnlyWhenAsked) {
    const auto s = analysis::summarize(path_, *reader_, *pass_, *stacks_, 5);
    EXPECT_TRUE(contains(summary_text(s, TextStyle(true)), "\x1b[1m"));
}

TEST_F(ReportText, TopTableIsAligned) {
    const std::string text = top_text(
        analysis::rank_sites(*reader_, *pass_, *stacks_, analysis::SiteMetric::kAllocations, 0),
        TextStyle(false));
    EXPECT_TRUE(contains(text, "Top 4 of 4 allocation sites by allocation calls\n")) << text;
    EXPECT_TRUE(contains(text,
                         "  #      PEAK  LEAKED  CALLS  TEMPORARY  ALLOCATED  SITE\n"
                         "  1  1.46 KiB   640 B      4          0   1.60 KiB  inlined_helper at "
                         "/src/helper.h:3\n"
                         "  2     300 B   300 B      1          0      300 B  main at "
                         "/src/main.cpp:20\n"))
        << text;
    EXPECT_TRUE(contains(text,
                         "  4       0 B     0 B      1          1       64 B  "
                         "libfoo.so+0x1e00\n"))
        << text;
}

TEST_F(ReportText, TopTableLeavesOutSitesScoringZero) {
    const std::string text = top_text(
        analysis::rank_sites(*reader_, *pass_, *stacks_, analysis::SiteMetric::kTemporary, 0),
        TextStyle(false));
    EXPECT_TRUE(contains(text, "Top 1 of 4 allocation sites by temporary allocations\n")) << text;
    EXPECT_FALSE(contains(text, "\n  2 ")) << text;  // only row 1 is printed
}

TEST_F(ReportText, LeaksListStacks) {
    const std::string text =
        leaks_text(analysis::find_leaks(*reader_, *pass_, *stacks_, 2), TextStyle(false));
    EXPECT_TRUE(contains(text, "Leaked: 1.11 KiB in 5 blocks from 4 stacks\n")) << text;
    EXPECT_TRUE(contains(text, "showing the 2 largest\n")) << text;
    EXPECT_TRUE(contains(text,
                         "  #1 500 B in 1 block\n"
                         "      inlined_helper at /src/helper.h:3 (inlined)\n"
                         "      make_buffer at /src/buffer.cpp:10\n"
                         "      main at /src/main.cpp:25\n"))
        << text;
    EXPECT_FALSE(contains(text, "#3")) << text;
}

TEST(ReportExitText, Kinds) {
    EXPECT_EQ(exit_text(analysis::ExitKind::kExit, 3), "exited with status 3");
    EXPECT_EQ(exit_text(analysis::ExitKind::kSignal, 11), "killed by signal 11 (SIGSEGV)");
    EXPECT_EQ(exit_text(analysis::ExitKind::kUnknown, 0), "unknown (no exit record)");
}

TEST(ReportLeaksText, TruncatedTraceSaysStillLive) {
    analysis::LeakReport r;
    r.truncated = true;
    r.truncation_reason = "chunk 3 at offset 99 is incomplete";
    r.leaked_bytes = 2048;
    r.leaked_blocks = 2;
    r.total_groups = 1;
    r.leaks.push_back(analysis::StackShare{2048, 2, {}});
    const std::string text = leaks_text(r, TextStyle(false));
    EXPECT_TRUE(contains(text, "still live when the trace ends")) << text;
    EXPECT_TRUE(contains(text, "Still live when the trace ends: 2.00 KiB in 2 blocks from 1 stack"))
        << text;
}

}  // namespace
}  // namespace memscope::report
