// `memscope history trend`: one metric over the runs of a program, each run
// compared with a baseline run, and regressions flagged past a threshold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "history/history_store.h"

namespace memscope::history {

enum class TrendMetric { kPeak, kLeaked, kAllocations, kAllocated, kTemporary, kRss };

std::optional<TrendMetric> parse_trend_metric(std::string_view name);
const char* trend_metric_name(TrendMetric metric);
bool trend_metric_is_bytes(TrendMetric metric);
std::uint64_t trend_value(const HistoryRun& run, TrendMetric metric);

// What each run is compared with: the first run listed, the run just before
// it, or one run chosen by id.
struct TrendBaseline {
    enum class Kind { kFirst, kPrevious, kId };
    Kind kind = Kind::kFirst;
    std::int64_t id = 0;  // kId only
};

// "first", "previous" or a run id; nullopt otherwise.
std::optional<TrendBaseline> parse_trend_baseline(std::string_view text);

struct TrendPoint {
    HistoryRun run;
    std::uint64_t value = 0;
    std::optional<std::int64_t> baseline_id;  // none for the baseline run itself
    std::uint64_t baseline_value = 0;
    // (value - baseline) / baseline in percent; none without a baseline or
    // when the baseline value is 0.
    std::optional<double> percent;
    // Grew by more than the threshold, or from 0 to anything.
    bool regression = false;
};

struct Trend {
    TrendMetric metric = TrendMetric::kPeak;
    TrendBaseline baseline;
    double threshold_percent = 10.0;
    std::vector<TrendPoint> points;  // in the order the runs were added

    bool latest_regressed() const { return !points.empty() && points.back().regression; }
};

// runs in the order added. Throws HistoryError when baseline names an id
// that is not among runs.
Trend compute_trend(const std::vector<HistoryRun>& runs, TrendMetric metric, TrendBaseline baseline,
                    double threshold_percent);

}  // namespace memscope::history
