// What the recorder is told through the environment (set by `memscope run`, or
// by hand): MEMSCOPE_OUTPUT, MEMSCOPE_FORCE, MEMSCOPE_RSS_INTERVAL_MS,
// MEMSCOPE_ROOT_PID, MEMSCOPE_MANIFEST, MEMSCOPE_MODE, MEMSCOPE_SAMPLE_RATE,
// and the MPI rank variables.
#pragma once

#include <cstdint>

#include "format/column_encoder.h"
#include "format/file_layout.h"
#include "runtime/core/trace_file_creation.h"

namespace memscope::runtime {

struct RecorderSettings {
    char output_pattern[kTracePathMax] = {};  // absolute once loaded
    char manifest[kTracePathMax] = {};
    bool force = false;
    bool is_root = false;
    std::uint32_t rss_interval_ms = 10;
    std::int32_t rank = -1;
    bool scan_modules = true;
    // MEMSCOPE_TIMING=exact|compact, MEMSCOPE_OUTLIER_NS: how chunks keep time.
    format::ColumnSettings columns;
    // MEMSCOPE_MODE=full|sampled|aggregate, MEMSCOPE_SAMPLE_RATE: written to the header;
    // the hooks follow recording_mode.h, which loading the settings latches.
    format::RecordMode mode = format::RecordMode::kFull;
    std::uint64_t sample_rate_bytes = 0;
};

// Reads the environment. The root process (pid == MEMSCOPE_ROOT_PID) also
// overwrites that variable's value in place with 0, so a program it execs in
// the same pid is not taken for the root (it must not replace the root's trace).
void load_settings_from_environment(RecorderSettings& settings);

}  // namespace memscope::runtime
