// What one allocation stack did over the whole trace, gathered during the
// streaming pass and symbolized afterwards.
#pragma once

#include <cstdint>

#include "trace/event.h"

namespace memscope::analysis {

struct StackUsage {
    trace::StackId stack = 0;
    std::uint64_t allocations = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t temporary = 0;
    std::uint64_t live_bytes = 0;  // at the current point of the replay; leaked at the end
    std::uint64_t live_blocks = 0;
    // Value at the last global peak, valid when peak_epoch equals the tracker's
    // epoch (see PeakTracker); otherwise live_* has not changed since that peak.
    std::uint64_t peak_bytes = 0;
    std::uint64_t peak_blocks = 0;
    std::uint64_t peak_epoch = 0;
};

}  // namespace memscope::analysis
