// What `memscope phases` prints, in text or JSON: the phase figures of one
// trace with each name's top sites already symbolized. Times in the output are
// relative to the trace's start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/phase_figures.h"
#include "report/text_style.h"

namespace memscope::report {

struct RankedPhaseName {
    const analysis::PhaseNameTotals* totals = nullptr;
    std::vector<analysis::PhaseSite> sites;
};

struct PhasesView {
    const analysis::PhaseFigures& figures;
    std::vector<RankedPhaseName> ranked;  // by memory intensity, highest first
    std::uint64_t start_ns = 0;
    std::uint64_t sample_rate_bytes = 0;
    bool truncated = false;
    std::string truncation_reason;
};

nlohmann::ordered_json phases_json(const PhasesView& view);
std::string phases_text(const PhasesView& view, const TextStyle& style);

}  // namespace memscope::report
