// `memscope leaks --json`. Field names are a contract (docs/cli.md).
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/leaks.h"

namespace memscope::report {

nlohmann::ordered_json leaks_json(const analysis::LeakReport& report);

}  // namespace memscope::report
