// `memscope summary` for people: headline figures and the stacks at the peak.
#pragma once

#include <string>

#include "analysis/summary.h"
#include "report/text_style.h"

namespace memscope::report {

std::string summary_text(const analysis::Summary& summary, const TextStyle& style);

}  // namespace memscope::report
