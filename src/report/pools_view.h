// What `memscope pools` prints, in text or JSON. Times in the output are
// relative to the trace's start.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/pool_figures.h"
#include "report/text_style.h"

namespace memscope::report {

struct PoolsView {
    const analysis::PoolFigures& figures;
    std::uint64_t start_ns = 0;
    bool truncated = false;
    std::string truncation_reason;
};

nlohmann::ordered_json pools_json(const PoolsView& view);
std::string pools_text(const PoolsView& view, const TextStyle& style);

}  // namespace memscope::report
