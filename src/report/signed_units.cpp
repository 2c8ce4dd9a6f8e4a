#include "report/signed_units.h"

#include <fmt/format.h>

#include "report/units.h"

namespace memscope::report {

namespace {

std::uint64_t magnitude(std::int64_t v) {
    return v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
}

const char* sign(std::int64_t v) {
    return v > 0 ? "+" : v < 0 ? "-" : "";
}

}  // namespace

std::string format_signed_bytes(std::int64_t change) {
    return sign(change) + format_bytes(magnitude(change));
}

std::string format_signed_count(std::int64_t change) {
    return sign(change) + format_count(magnitude(change));
}

std::optional<double> percent_change(double base, double next) {
    if (base == 0) return std::nullopt;
    return (next - base) / base * 100.0;
}

std::string format_percent_change(std::uint64_t base, std::uint64_t next) {
    const auto pct = percent_change(static_cast<double>(base), static_cast<double>(next));
    if (!pct) return next == 0 ? "0.0%" : "new";
    if (*pct > -0.05 && *pct < 0.05) return "0.0%";
    return fmt::format("{:+.1f}%", *pct);
}

}  // namespace memscope::report
