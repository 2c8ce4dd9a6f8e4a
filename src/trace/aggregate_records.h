// The figures of an aggregate-mode trace (header mode 2): the run's heap totals
// (EventKind::kRunTotals) and one allocation stack's totals
// (EventKind::kSiteTotals). The reader delivers them as events whose text holds
// the record's fields; these decoders turn that into figures. Layout:
// docs/format.md, "Aggregate traces".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "trace/event.h"

namespace memscope::trace {

struct SiteTotals {
    std::uint64_t allocations = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t free_calls = 0;  // realloc's releases excluded
    std::uint64_t temporary = 0;
    std::uint64_t peak_bytes = 0;  // held at the run's heap peak
    std::uint64_t peak_blocks = 0;
    std::uint64_t leaked_bytes = 0;  // still live at the end
    std::uint64_t leaked_blocks = 0;
};

struct RunTotals {
    std::uint64_t peak_bytes = 0;
    std::uint64_t peak_time_ns = 0;   // CLOCK_MONOTONIC; 0 when the heap never grew
    std::uint64_t unknown_frees = 0;  // frees of blocks allocated before recording
    std::uint64_t site_count = 0;
};

// The fields of a record after ts_delta (kSiteTotals: after stack_id too);
// nullopt when they are cut short.
std::optional<SiteTotals> parse_site_totals(std::string_view fields);
std::optional<RunTotals> parse_run_totals(std::string_view fields);

// The figures an event of that kind carries (the reader checked they parse).
inline SiteTotals site_totals_of(const Event& e) {
    return parse_site_totals(e.text).value_or(SiteTotals{});
}
inline RunTotals run_totals_of(const Event& e) {
    return parse_run_totals(e.text).value_or(RunTotals{});
}

}  // namespace memscope::trace
