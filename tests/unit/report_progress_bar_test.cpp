#include <gtest/gtest.h>

#include "analysis/read_progress.h"
#include "analysis/trace_pass.h"
#include "report/progress_bar.h"
#include "support/sample_trace.h"
#include "support/temp_dir.h"

namespace memscope::report {
namespace {

TEST(ProgressLine, BarAndFigures) {
    const std::string line = progress_line("reading trace", 512 << 10, 1 << 20, 80);
    EXPECT_EQ(line.rfind("reading trace [", 0), 0u) << line;
    EXPECT_NE(line.find(" 50%  512.0 KiB / 1.00 MiB"), std::string::npos) << line;
    EXPECT_LT(line.size(), 80u);
    const auto open = line.find('[');
    const auto close = line.find(']');
    const std::string bar = line.substr(open + 1, close - open - 1);
    EXPECT_EQ(std::count(bar.begin(), bar.end(), '#'), static_cast<long>(bar.size() / 2));
}

TEST(ProgressLine, NarrowTerminalKeepsFiguresOnly) {
    const std::string line = progress_line("reading trace", 10, 100, 30);
    EXPECT_EQ(line.find('['), std::string::npos) << line;
    EXPECT_NE(line.find("10%"), std::string::npos) << line;
}

TEST(ProgressLine, NeverPastFull) {
    EXPECT_NE(progress_line("x", 300, 100, 80).find("100%  100 B / 100 B"), std::string::npos);
    EXPECT_NE(progress_line("x", 0, 0, 80).find("100%"), std::string::npos);
}

TEST(ProgressBar, HiddenForTheFirstSecondAndWhenDisabled) {
    const auto t0 = ProgressBar::Clock::now();
    ProgressBar off("x", 100, false);
    off.update(50, t0 + std::chrono::seconds(5));
    EXPECT_FALSE(off.drawn());

    ProgressBar on("x", 100, true);
    on.update(10, t0);
    EXPECT_FALSE(on.drawn());
    on.update(60, t0 + std::chrono::seconds(2));
    EXPECT_TRUE(on.drawn());
    on.finish();
    EXPECT_FALSE(on.drawn());
}

TEST(ReadProgress, EstimatesBytesFromEventsAndForwardsEveryEvent) {
    testing::TempDir dir;
    const std::string path = dir.file("sample.mst");
    testing::write_sample_trace(path);
    trace::TraceReader reader(path);
    analysis::TracePass pass(reader.header().page_size);
    std::uint64_t reports = 0;
    analysis::ReadProgress progress(pass, reader, 1000, [&](std::uint64_t) { ++reports; });
    EXPECT_EQ(progress.estimate(), 0u);
    reader.read_events(progress);
    EXPECT_EQ(pass.heap().totals().allocation_calls, 7u);  // the real sink saw everything
    EXPECT_GT(progress.estimate(), 0u);
    EXPECT_LE(progress.estimate(), 1000u);
    EXPECT_EQ(reports, 0u);  // a small trace never asks for a redraw
}

}  // namespace
}  // namespace memscope::report
