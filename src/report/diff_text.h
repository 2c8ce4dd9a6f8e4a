// `memscope diff`: totals side by side with their change, then the sites
// that changed most, as aligned tables with signed units.
#pragma once

#include <cstddef>
#include <string>

#include "analysis/site_diff.h"
#include "report/text_style.h"

namespace memscope::report {

// limit 0 lists every changed site.
std::string diff_text(const analysis::SiteDiff& diff, std::size_t limit, const TextStyle& style);

}  // namespace memscope::report
