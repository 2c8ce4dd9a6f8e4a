// Human units for the text reports: binary byte units and time spans.
#pragma once

#include <cstdint>
#include <string>

namespace memscope::report {

// "512 B", "1.50 KiB", "12.35 MiB", "123.4 GiB": two decimals below 100, one above.
std::string format_bytes(std::uint64_t bytes);

// "850 ns", "12.50 us", "3.20 ms", "1.25 s", "12.5 min" style spans.
std::string format_duration(std::uint64_t ns);

// "1", "12", "1,234,567": thousands separated for counts.
std::string format_count(std::uint64_t n);

// "1 block" / "3 blocks".
std::string plural(std::uint64_t n, const char* singular, const char* plural_form);

}  // namespace memscope::report
