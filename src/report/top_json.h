// `memscope top --json`. Field names are a contract (docs/cli.md).
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/site_ranking.h"

namespace memscope::report {

nlohmann::ordered_json top_json(const analysis::SiteRanking& ranking);

}  // namespace memscope::report
