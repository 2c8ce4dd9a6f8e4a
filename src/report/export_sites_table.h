// Every stack with every metric, for spreadsheets and scripts: one JSON object
// or one CSV row per stack (the rows of analysis::StackMetricsTable).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analysis/stack_metrics.h"

namespace memscope::report {

// {"trace", "truncated", "truncation_reason", "totals": {...}, "sites": [{
//   "location", "peak_bytes", "peak_blocks", "leaked_bytes", "leaked_blocks",
//   "allocated_bytes", "allocations", "temporary", "stack": [FRAME, ...]}]}
nlohmann::ordered_json sites_table_json(const analysis::StackMetricsTable& table,
                                        const std::string& trace);

// Header row then one row per stack (RFC 4180 quoting, CRLF-free: rows end
// with '\n'). Columns: location, the metrics as in JSON, and stack: the frames
// innermost first, each "function at file:line", joined by " <- ".
std::string sites_table_csv(const analysis::StackMetricsTable& table);

// A CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

}  // namespace memscope::report
