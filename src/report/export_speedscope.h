// speedscope's JSON file format (https://www.speedscope.app/file-format-schema.json):
// one "sampled" profile per metric over shared frames, each sample a stack of
// frame indices from root to leaf weighted by the stack's value.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analysis/site_ranking.h"
#include "analysis/stack_metrics.h"

namespace memscope::report {

// name: the profile group's name (the trace); active: the profile shown first.
nlohmann::ordered_json speedscope_file(const analysis::StackMetricsTable& table,
                                       const std::string& name, analysis::SiteMetric active,
                                       const std::string& exporter);

}  // namespace memscope::report
