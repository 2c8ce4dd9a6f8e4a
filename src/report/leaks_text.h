// `memscope leaks` for people: blocks live at the end, grouped by stack.
#pragma once

#include <string>

#include "analysis/leaks.h"
#include "report/text_style.h"

namespace memscope::report {

std::string leaks_text(const analysis::LeakReport& report, const TextStyle& style);

}  // namespace memscope::report
