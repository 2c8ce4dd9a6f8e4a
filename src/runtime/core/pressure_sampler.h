// System-wide memory pressure (Linux PSI, /proc/pressure/memory): the
// cumulative microseconds during which some task ("some") or every non-idle
// task ("full") stalled waiting for memory. The writer samples it with the
// RSS; a sample is written only when a total moved, so an unpressured system
// adds nothing to the trace. Kernels without PSI: nothing is written.
#pragma once

#include <cstdint>

#include "runtime/core/record_stream.h"

namespace memscope::runtime {

void sample_memory_pressure(RecordStream& stream, std::uint64_t ts);

}  // namespace memscope::runtime
