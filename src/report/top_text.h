// `memscope top` for people: a table of sites, then each site's heaviest stack.
#pragma once

#include <string>

#include "analysis/site_ranking.h"
#include "report/text_style.h"

namespace memscope::report {

std::string top_text(const analysis::SiteRanking& ranking, const TextStyle& style);

}  // namespace memscope::report
