// Output of `memscope history list` and `memscope history trend`: aligned
// tables for people, JSON for machines.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "history/history_store.h"
#include "history/run_trend.h"
#include "report/text_style.h"

namespace memscope::report {

nlohmann::ordered_json history_run_json(const history::HistoryRun& run);

std::string history_list_text(const std::string& db, const std::vector<history::HistoryRun>& runs,
                              const TextStyle& style);
// {"db", "runs": [RUN, ...]}
nlohmann::ordered_json history_list_json(const std::string& db,
                                         const std::vector<history::HistoryRun>& runs);

std::string history_trend_text(const history::Trend& trend, const TextStyle& style);
// {"metric", "baseline", "threshold_percent", "latest_regressed",
//  "runs": [{"id", "label", "added_at", "value", "baseline_id", "baseline_value",
//            "percent_change", "regression"}]}
nlohmann::ordered_json history_trend_json(const history::Trend& trend);

}  // namespace memscope::report
