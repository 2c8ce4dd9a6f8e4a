// Reports give times from the trace's start, never absolute CLOCK_MONOTONIC
// values. An event stamped before the header's start (a clock read just
// ahead of it) counts as the start itself.
#pragma once

#include <cstdint>

namespace memscope::report {

inline std::uint64_t since_start(std::uint64_t time_ns, std::uint64_t start_ns) {
    return time_ns > start_ns ? time_ns - start_ns : 0;
}

}  // namespace memscope::report
