#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "history/history_path.h"
#include "history/history_store.h"
#include "history/run_trend.h"
#include "report/history_report.h"
#include "support/temp_dir.h"

namespace memscope::history {
namespace {

HistoryRun run_with_peak(std::uint64_t peak, std::string program = "/usr/bin/app") {
    HistoryRun r;
    r.added_at_s = 1'700'000'000;
    r.label = "v" + std::to_string(peak);
    r.trace_path = "/tmp/x.mst";
    r.program = std::move(program);
    r.command_line = {"app", "--size", "a \"quoted\" arg"};
    r.peak_heap_bytes = peak;
    r.allocation_calls = peak / 10;
    return r;
}

TEST(HistoryStore, AddThenReadBackEveryField) {
    testing::TempDir dir;
    const std::string db = dir.file("sub/dir/history.db");
    HistoryRun r = run_with_peak(1000);
    r.pid = 42;
    r.recorded_at_ns = 1'700'000'000'123'456'789;
    r.duration_ns = 5;
    r.truncated = true;
    r.peak_rss_bytes = 1;
    r.leaked_bytes = 2;
    r.leaked_blocks = 3;
    r.allocated_bytes = 4;
    r.free_calls = 6;
    r.temporary_allocations = 7;
    {
        HistoryStore store(db, HistoryStore::Mode::kCreate);
        EXPECT_EQ(store.add(r), 1);
        EXPECT_EQ(store.add(run_with_peak(2000, "/opt/other")), 2);
    }
    const HistoryStore store(db, HistoryStore::Mode::kReadOnly);
    const auto all = store.runs();
    ASSERT_EQ(all.size(), 2u);
    const HistoryRun& back = all[0];
    EXPECT_EQ(back.id, 1);
    EXPECT_EQ(back.label, "v1000");
    EXPECT_EQ(back.command_line, r.command_line);
    EXPECT_EQ(back.pid, 42u);
    EXPECT_EQ(back.recorded_at_ns, r.recorded_at_ns);
    EXPECT_TRUE(back.truncated);
    EXPECT_EQ(back.peak_heap_bytes, 1000u);
    EXPECT_EQ(back.temporary_allocations, 7u);
    EXPECT_EQ(store.runs(std::string("app")).size(), 1u);
    EXPECT_EQ(store.runs(std::string("/opt/other")).size(), 1u);
    EXPECT_EQ(store.runs(std::string("nothing")).size(), 0u);
}

TEST(HistoryStore, RejectsMissingAndForeignFiles) {
    testing::TempDir dir;
    EXPECT_THROW(HistoryStore(dir.file("none.db"), HistoryStore::Mode::kReadOnly), HistoryError);
    std::ofstream(dir.file("text.db")) << std::string(200, 'x');
    EXPECT_THROW(HistoryStore(dir.file("text.db"), HistoryStore::Mode::kReadOnly), HistoryError);
    EXPECT_THROW(HistoryStore(dir.file("text.db"), HistoryStore::Mode::kCreate), HistoryError);
}

TEST(HistoryPath, XdgDataHomeThenHome) {
    const char* saved_xdg = std::getenv("XDG_DATA_HOME");
    const char* saved_home = std::getenv("HOME");
    const std::string xdg = saved_xdg ? saved_xdg : "";
    const std::string home = saved_home ? saved_home : "";
    setenv("XDG_DATA_HOME", "/data", 1);
    EXPECT_EQ(default_history_path(), "/data/memscope/history.db");
    setenv("XDG_DATA_HOME", "relative", 1);
    setenv("HOME", "/home/u", 1);
    EXPECT_EQ(default_history_path(), "/home/u/.local/share/memscope/history.db");
    unsetenv("XDG_DATA_HOME");
    EXPECT_EQ(default_history_path(), "/home/u/.local/share/memscope/history.db");
    if (saved_xdg) setenv("XDG_DATA_HOME", xdg.c_str(), 1);
    if (saved_home)
        setenv("HOME", home.c_str(), 1);
    else
        unsetenv("HOME");
}

std::vector<HistoryRun> runs_with_peaks(const std::vector<std::uint64_t>& peaks) {
    std::vector<HistoryRun> runs;
    for (std::size_t i = 0; i < peaks.size(); ++i) {
        runs.push_back(run_with_peak(peaks[i]));
        runs.back().id = static_cast<std::int64_t>(i + 1);
    }
    return runs;
}

TEST(RunTrend, AgainstFirstFlagsGrowthPastThreshold) {
    const auto trend = compute_trend(runs_with_peaks({1000, 1050, 1200, 1100}), TrendMetric::kPeak,
                                     TrendBaseline{}, 10.0);
    ASSERT_EQ(trend.points.size(), 4u);
    EXPECT_FALSE(trend.points[0].baseline_id.has_value());
    EXPECT_DOUBLE_EQ(*trend.points[1].percent, 5.0);
    EXPECT_TRUE(trend.points[2].regression);
    EXPECT_DOUBLE_EQ(*trend.points[3].percent, 10.0);
    EXPECT_FALSE(trend.points[3].regression);  // exactly at the threshold passes
    EXPECT_FALSE(trend.latest_regressed());
}

TEST(RunTrend, PreviousAndIdBaselines) {
    const auto runs = runs_with_peaks({1000, 1200, 1250});
    const auto previous = compute_trend(runs, TrendMetric::kPeak,
                                        TrendBaseline{TrendBaseline::Kind::kPrevious, 0}, 10.0);
    EXPECT_EQ(*previous.points[2].baseline_id, 2);
    EXPECT_FALSE(previous.latest_regressed());
    const auto by_id =
        compute_trend(runs, TrendMetric::kPeak, TrendBaseline{TrendBaseline::Kind::kId, 2}, 3.0);
    EXPECT_EQ(*by_id.points[0].baseline_id, 2);
    EXPECT_FALSE(by_id.points[1].baseline_id.has_value());
    EXPECT_TRUE(by_id.latest_regressed());  // +4.2% over run 2
    EXPECT_THROW(
        compute_trend(runs, TrendMetric::kPeak, TrendBaseline{TrendBaseline::Kind::kId, 9}, 10.0),
        HistoryError);
}

TEST(RunTrend, GrowthFromZeroIsARegression) {
    auto runs = runs_with_peaks({1, 1});
    runs[1].leaked_bytes = 10;
    const auto trend = compute_trend(runs, TrendMetric::kLeaked, TrendBaseline{}, 10.0);
    EXPECT_FALSE(trend.points[1].percent.has_value());
    EXPECT_TRUE(trend.latest_regressed());
    const auto json = report::history_trend_json(trend);
    EXPECT_TRUE(json["runs"][1]["percent_change"].is_null());
    EXPECT_EQ(json["latest_regressed"], true);
}

TEST(RunTrend, ParsesNames) {
    EXPECT_EQ(parse_trend_metric("rss"), TrendMetric::kRss);
    EXPECT_FALSE(parse_trend_metric("speed").has_value());
    EXPECT_EQ(parse_trend_baseline("previous")->kind, TrendBaseline::Kind::kPrevious);
    EXPECT_EQ(parse_trend_baseline("12")->id, 12);
    for (const char* bad : {"", "0", "-1", "12x", "last"})
        EXPECT_FALSE(parse_trend_baseline(bad).has_value()) << bad;
}

}  // namespace
}  // namespace memscope::history
