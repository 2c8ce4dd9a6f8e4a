// Output of `memscope check`: one line per exceeded limit for people (on
// stderr, where CI logs show failures), a JSON verdict for machines.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/limit_check.h"
#include "report/text_style.h"

namespace memscope::report {

// "memscope: check failed: peak heap 12.30 MiB exceeds --max-peak 10.00 MiB\n"
// for each exceeded limit; empty when every limit holds.
std::string check_failures_text(const std::vector<analysis::LimitOutcome>& outcomes,
                                const TextStyle& style);

// "memscope: check passed: peak heap 1.20 MiB <= 10.00 MiB, ...\n"
std::string check_passed_text(const std::vector<analysis::LimitOutcome>& outcomes);

// {"trace", "passed", "truncated", "limits": [{"option", "metric", "value",
//  "limit", "passed"}]}
nlohmann::ordered_json check_json(const std::string& trace, bool truncated,
                                  const std::vector<analysis::LimitOutcome>& outcomes);

}  // namespace memscope::report
