// FRAME objects of the JSON reports:
// {"address":"0x..","function","file","line","module","offset","inlined"}.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/symbolized_stack.h"

namespace memscope::report {

nlohmann::ordered_json frame_json(const analysis::ResolvedFrame& frame);
nlohmann::ordered_json stack_json(const analysis::SymbolizedStack& stack);

}  // namespace memscope::report
