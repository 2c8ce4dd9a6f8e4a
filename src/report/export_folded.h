// Folded stacks, the input of flamegraph.pl and most flame-graph tools: one
// line per unique stack, "root;caller;...;leaf VALUE", for one metric.
#pragma once

#include <string>

#include "analysis/site_ranking.h"
#include "analysis/stack_metrics.h"

namespace memscope::report {

// Stacks whose value is 0 are left out; stacks that fold to the same line
// (function names only, so two lines of one function) are summed. ';' in a
// name (it separates frames) becomes ':', and line breaks become spaces.
std::string folded_stacks(const analysis::StackMetricsTable& table, analysis::SiteMetric metric);

}  // namespace memscope::report
