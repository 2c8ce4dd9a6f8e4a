// `memscope diff --json`: totals and per-site changes, NEW minus BASE.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "analysis/site_diff.h"

namespace memscope::report {

// limit 0 lists every changed site.
nlohmann::ordered_json diff_json(const analysis::SiteDiff& diff, std::size_t limit);

}  // namespace memscope::report
