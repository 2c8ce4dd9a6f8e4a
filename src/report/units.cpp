#include "report/units.h"

#include <fmt/format.h>

namespace memscope::report {

namespace {

std::string scaled(double value, const char* unit) {
    return value < 99.995 ? fmt::format("{:.2f} {}", value, unit)
                          : fmt::format("{:.1f} {}", value, unit);
}

}  // namespace

std::string format_bytes(std::uint64_t bytes) {
    static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024) return fmt::format("{} B", bytes);
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    // Rounding to two decimals could print "1024.00 KiB"; switch unit before that.
    while (value >= 1023.995 && unit + 1 < std::size(kUnits)) {
        value /= 1024.0;
        ++unit;
    }
    return scaled(value, kUnits[unit]);
}

std::string format_duration(std::uint64_t ns) {
    if (ns < 1000) return fmt::format("{} ns", ns);
    const double v = static_cast<double>(ns);
    if (ns < 1'000'000) return scaled(v / 1e3, "us");
    if (ns < 1'000'000'000) return scaled(v / 1e6, "ms");
    if (ns < 600'000'000'000ull) return scaled(v / 1e9, "s");
    return scaled(v / 60e9, "min");
}

std::string format_count(std::uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string plural(std::uint64_t n, const char* singular, const char* plural_form) {
    return format_count(n) + " " + (n == 1 ? singular : plural_form);
}

}  // namespace memscope::report
