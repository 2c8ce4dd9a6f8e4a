// `memscope run --phases FILE`: named time windows that cut an uninstrumented
// program into phases. The file is CSV, one window per line:
//
//   name,start,end
//   warmup,0,1.5s
//   open,09:30:00,16:00:00.250
//
// Times are offsets from the program's start (a number with ns, us, ms, s or
// min; a plain number is seconds) or wall-clock times: HH:MM:SS[.fff] on the
// day the program started (local time), or ISO 8601
// YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM] (local time without a zone).
// Blank lines and lines starting with # are skipped, and so is a first line
// "name,start,end". Windows must nest or be disjoint, like phases do.
// docs/cli.md has the reference.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace memscope::cli {

struct WindowTime {
    enum class Kind {
        kOffset,     // ns after the program's start
        kWallClock,  // ns since the Unix epoch (an ISO 8601 date and time)
        kTimeOfDay,  // ns since local midnight of the day the program started
    };
    Kind kind = Kind::kOffset;
    std::int64_t ns = 0;
};

struct PhaseWindow {
    std::string name;
    WindowTime start;
    WindowTime end;
    std::uint32_t line = 0;  // in the file, for messages
};

// "FILE:LINE:COLUMN: what is wrong" for a file that cannot be used.
class PhaseWindowError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Reads and checks the whole file; throws PhaseWindowError.
std::vector<PhaseWindow> load_phase_windows(const std::string& path);

// Every time as CLOCK_MONOTONIC, once the program's start is known.
struct ResolvedWindow {
    std::string name;
    std::uint64_t begin_monotonic_ns = 0;
    std::uint64_t end_monotonic_ns = 0;
};

// start_monotonic_ns/start_realtime_ns: the root trace's clock calibration.
// Windows that end before they start once resolved, or overlap another
// without nesting, are left out with a warning on stderr.
std::vector<ResolvedWindow> resolve_phase_windows(const std::vector<PhaseWindow>& windows,
                                                  std::uint64_t start_monotonic_ns,
                                                  std::uint64_t start_realtime_ns);

}  // namespace memscope::cli
