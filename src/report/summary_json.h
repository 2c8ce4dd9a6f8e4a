// `memscope summary --json`. Field names are a contract (docs/cli.md).
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/summary.h"

namespace memscope::report {

nlohmann::ordered_json summary_json(const analysis::Summary& summary);

}  // namespace memscope::report
