// Time sources of the recorder. Every timestamp in a trace is CLOCK_MONOTONIC
// in nanoseconds; CLOCK_REALTIME is read once, for the header's calibration.
#pragma once

#include <time.h>

#include <cstdint>

namespace memscope::runtime {

inline std::uint64_t read_clock_ns(clockid_t clock) {
    timespec ts;
    clock_gettime(clock, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u +
           static_cast<std::uint64_t>(ts.tv_nsec);
}

inline std::uint64_t monotonic_ns() {
    return read_clock_ns(CLOCK_MONOTONIC);
}

}  // namespace memscope::runtime
