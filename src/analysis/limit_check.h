// `memscope check`: whole-trace figures compared with the limits a CI job
// sets. A limit is a maximum; a figure equal to it passes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/trace_pass.h"

namespace memscope::analysis {

// The figures a limit can apply to, as `summary` reports them.
struct LimitFigures {
    std::uint64_t peak_heap_bytes = 0;
    std::uint64_t leaked_bytes = 0;
    std::uint64_t allocation_calls = 0;
    std::uint64_t temporary_allocations = 0;
};

// Taken straight from the pass: no stack needs symbolizing to check limits.
LimitFigures limit_figures(const TracePass& pass);

struct Limits {
    std::optional<std::uint64_t> max_peak_bytes;
    std::optional<std::uint64_t> max_leaked_bytes;
    std::optional<std::uint64_t> max_allocations;
    std::optional<std::uint64_t> max_temporary;

    bool empty() const {
        return !max_peak_bytes && !max_leaked_bytes && !max_allocations && !max_temporary;
    }
};

struct LimitOutcome {
    const char* option;  // "--max-peak"
    const char* what;    // "peak heap", as messages name the figure
    const char* field;   // "peak_heap_bytes", the summary JSON field
    bool bytes;          // a size (printed with units) rather than a count
    std::uint64_t value;
    std::uint64_t limit;

    bool exceeded() const { return value > limit; }
};

// One outcome per limit that is set, in option order.
std::vector<LimitOutcome> check_limits(const LimitFigures& figures, const Limits& limits);

}  // namespace memscope::analysis
