// Stores `memscope run --phases` windows in a finished trace: one row chunk
// of the process stream (tid 0) holding a phase begin and a phase end record
// per window, written in place of the end chunk, which then follows it again.
// docs/format.md ("Phase windows") specifies it.
#pragma once

#include <string>
#include <vector>

#include "cli/phase_windows.h"

namespace memscope::cli {

// Windows are clipped to the trace's recorded span and those outside it left
// out. Returns how many windows were stored; on failure (the trace was not
// closed cleanly, the file cannot be written) prints a warning and returns 0.
std::size_t store_phase_windows(const std::string& trace_path,
                                const std::vector<PhaseWindow>& windows,
                                std::uint64_t root_start_monotonic_ns,
                                std::uint64_t root_start_realtime_ns);

}  // namespace memscope::cli
