// The one JSON object an HTML page of memscope renders: every figure is
// aggregated here, in C++, so the page holds no event list and opens fast
// whatever the trace length. docs/report.md lists the fields.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/leaks.h"
#include "analysis/report_figures.h"
#include "analysis/site_ranking.h"
#include "analysis/stack_tree.h"
#include "analysis/summary.h"
#include "trace/event.h"

namespace memscope::report {

struct ReportInputs {
    const analysis::Summary& summary;
    const analysis::SiteRanking& sites;
    const analysis::LeakReport& leaks;
    const analysis::StackTree& tree;
    // The per-event figures; nullptr for an aggregate-mode trace, which has no events.
    const analysis::ReportFigures* figures;
    const std::map<std::uint32_t, trace::ThreadInfo>& thread_names;
};

// The full report: summary, timeline, flame graph, sites, leaks, histograms, threads.
nlohmann::ordered_json report_data(const ReportInputs& in);

// Only what the stand-alone flame graph page needs.
nlohmann::ordered_json flamegraph_data(const analysis::StackTree& tree, analysis::SiteMetric metric,
                                       const std::string& title, const std::string& subtitle);

// The flame graph tree: {"names": [metric...], "modules": [...], "files": [...],
// "root": {"n", "k", "m", "f", "v": [5 values], "c": [children]}}. Frames whose
// every metric is below 1/10000 of the root's are left out (counted in
// "pruned") so huge trees stay small.
nlohmann::ordered_json stack_tree_json(const analysis::StackTree& tree);

// Serializes data for a <script type="application/json"> element: '<', '>'
// and '&' become \u escapes, so no trace string can close the element or
// open a comment, and JSON.parse still reads the same text.
std::string json_for_script_element(const nlohmann::ordered_json& data);

}  // namespace memscope::report
