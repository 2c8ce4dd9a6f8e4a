#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/leaks.h"
#include "analysis/site_ranking.h"
#include "analysis/summary.h"
#include "report/leaks_json.h"
#include "report/summary_json.h"
#include "report/top_json.h"
#include "support/sample_trace.h"
#include "support/temp_dir.h"

namespace memscope::report {
namespace {

using nlohmann::json;

class ReportJson : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = dir_.file("sample.mst");
        testing::write_sample_trace(path_);
        reader_ = std::make_unique<trace::TraceReader>(path_);
        pass_ = std::make_unique<analysis::TracePass>(reader_->header().page_size);
        reader_->read_events(*pass_);
        stacks_ = std::make_unique<analysis::StackSymbolizer>(*reader_, frames_);
    }

    // Round-trips through text, as a consumer would see it.
    static json parsed(const nlohmann::ordered_json& j) { return json::parse(j.dump()); }

    testing::TempDir dir_;
    std::string path_;
    testing::FakeFrameSource frames_ = testing::sample_frames();
    std::unique_ptr<trace::TraceReader> reader_;
    std::unique_ptr<analysis::TracePass> pass_;
    std::unique_ptr<analysis::StackSymbolizer> stacks_;
};

TEST_F(ReportJson, SummaryFields) {
    const json j = parsed(summary_json(analysis::summarize(path_, *reader_, *pass_, *stacks_, 5)));
    EXPECT_EQ(j["trace"], path_);
    EXPECT_EQ(j["pid"], 4242);
    EXPECT_EQ(j["executable"], "/usr/bin/testapp");
    EXPECT_EQ(j["command_line"], json({"testapp", "--flag"}));
    EXPECT_EQ(j["mode"], "full");
    EXPECT_EQ(j["truncated"], false);
    EXPECT_EQ(j["truncation_reason"], "");
    EXPECT_EQ(j["exit"], json({{"how", "exit"}, {"value", 0}}));
    EXPECT_EQ(j["duration_ns"], 10000);
    EXPECT_EQ(j["peak_heap_bytes"], 1800);
    EXPECT_EQ(j["peak_heap_time_ns"], 5000);
    EXPECT_EQ(j["peak_rss_bytes"], 6 << 20);
    EXPECT_EQ(j["allocation_calls"], 7);
    EXPECT_EQ(j["allocated_bytes"], 2204);
    EXPECT_EQ(j["free_calls"], 2);
    EXPECT_EQ(j["temporary_allocations"], 1);
    EXPECT_EQ(j["leaked_bytes"], 1140);
    EXPECT_EQ(j["leaked_blocks"], 5);
    EXPECT_EQ(j["unknown_frees"], 0);
    EXPECT_EQ(j["mmap"], json({{"calls", 1},
                               {"mapped_bytes", 32768},
                               {"peak_bytes", 32768},
                               {"still_mapped_bytes", 24576}}));
    EXPECT_EQ(j["threads"], 2);
    EXPECT_EQ(j["lost_events"], 3);
    EXPECT_EQ(j["events"], 14);
    ASSERT_EQ(j["peak_heap_stacks"].size(), 3u);
    const json& first = j["peak_heap_stacks"][0];
    EXPECT_EQ(first["bytes"], 1000);
    EXPECT_EQ(first["blocks"], 1);
    ASSERT_EQ(first["frames"].size(), 4u);
    EXPECT_EQ(first["frames"][1], json({{"address", "0xc01"},
                                        {"function", "inlined_helper"},
                                        {"file", "/src/helper.h"},
                                        {"line", 3},
                                        {"module", "/usr/bin/testapp"},
                                        {"offset", 0xc01},
                                        {"inlined", true}}));
}

TEST_F(ReportJson, TopFields) {
    const json j = parsed(top_json(
        analysis::rank_sites(*reader_, *pass_, *stacks_, analysis::SiteMetric::kPeak, 10)));
    EXPECT_EQ(j["by"], "peak");
    EXPECT_EQ(j["truncated"], false);
    ASSERT_EQ(j["sites"].size(), 4u);
    EXPECT_EQ(j["total_sites"], 4);
    EXPECT_EQ(j["sites"][3]["peak_bytes"], 0);
    const json& s = j["sites"][0];
    EXPECT_EQ(s["location"], "inlined_helper at /src/helper.h:3");
    EXPECT_EQ(s["function"], "inlined_helper");
    EXPECT_EQ(s["file"], "/src/helper.h");
    EXPECT_EQ(s["line"], 3);
    EXPECT_EQ(s["module"], "/usr/bin/testapp");
    EXPECT_EQ(s["peak_bytes"], 1500);
    EXPECT_EQ(s["leaked_bytes"], 640);
    EXPECT_EQ(s["leaked_blocks"], 3);
    EXPECT_EQ(s["allocations"], 4);
    EXPECT_EQ(s["allocated_bytes"], 1640);
    EXPECT_EQ(s["temporary"], 0);
    ASSERT_EQ(s["stack"].size(), 4u);
    EXPECT_EQ(s["stack"][0]["function"], "operator new(unsigned long)");
    EXPECT_EQ(s["stack"][0]["address"], "0xb00");
}

TEST_F(ReportJson, LeaksFields) {
    const json j = parsed(leaks_json(analysis::find_leaks(*reader_, *pass_, *stacks_, 0)));
    EXPECT_EQ(j["truncated"], false);
    EXPECT_EQ(j["leaked_bytes"], 1140);
    EXPECT_EQ(j["leaked_blocks"], 5);
    ASSERT_EQ(j["leaks"].size(), 4u);
    EXPECT_EQ(j["leaks"][0]["bytes"], 500);
    EXPECT_EQ(j["leaks"][0]["blocks"], 1);
    EXPECT_EQ(j["leaks"][0]["stack"].size(), 3u);
    EXPECT_EQ(j["leaks"][2]["stack"], json::array());
    EXPECT_EQ(j["leaks"][3]["blocks"], 2);
}

TEST(ReportJsonTruncated, FlagAndReasonAreSet) {
    testing::TempDir dir;
    testing::write_sample_trace(dir.file("t"), false);
    trace::TraceReader reader(dir.file("t"));
    analysis::TracePass pass(reader.header().page_size);
    reader.read_events(pass);
    testing::FakeFrameSource frames = testing::sample_frames();
    analysis::StackSymbolizer stacks(reader, frames);
    const json s = json::parse(
        summary_json(analysis::summarize(dir.file("t"), reader, pass, stacks, 5)).dump());
    EXPECT_EQ(s["truncated"], true);
    EXPECT_EQ(s["truncation_reason"],
              "the trace ends without its end marker (the recorder did not finish)");
    const json l = json::parse(leaks_json(analysis::find_leaks(reader, pass, stacks, 0)).dump());
    EXPECT_EQ(l["truncated"], true);
}

}  // namespace
}  // namespace memscope::report
