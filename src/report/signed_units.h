// Changes for people: "+1.50 MiB", "-200 B", "+12", "+25.0%". Zero is
// printed unsigned ("0 B", "0") so that what did not move does not catch the eye.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace memscope::report {

std::string format_signed_bytes(std::int64_t change);
std::string format_signed_count(std::int64_t change);

// Percent change from base to next, "+25.0%"; "new" when base is 0 and next
// is not, "0.0%" when both are 0.
std::string format_percent_change(std::uint64_t base, std::uint64_t next);

// (next - base) / base * 100; nullopt when base is 0.
std::optional<double> percent_change(double base, double next);

}  // namespace memscope::report
