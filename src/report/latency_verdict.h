// The plain-language reading of a class of slow allocator calls: what the
// allocator most likely did during them and what to change.
#pragma once

#include <string>

#include "analysis/call_latency.h"

namespace memscope::report {

std::string latency_verdict(const analysis::SlowCallClass& c);

}  // namespace memscope::report
