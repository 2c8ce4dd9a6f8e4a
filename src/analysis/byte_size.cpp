#include "analysis/byte_size.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace memscope::analysis {

namespace {

struct Unit {
    const char* name;  // compared case-insensitively
    double factor;
};

constexpr double kKi = 1024.0;
constexpr double kK = 1000.0;

constexpr Unit kSizeUnits[] = {
    {"", 1.0},
    {"b", 1.0},
    {"k", kKi},
    {"kib", kKi},
    {"kb", kK},
    {"m", kKi* kKi},
    {"mib", kKi* kKi},
    {"mb", kK* kK},
    {"g", kKi* kKi* kKi},
    {"gib", kKi* kKi* kKi},
    {"gb", kK* kK* kK},
    {"t", kKi* kKi* kKi* kKi},
    {"tib", kKi* kKi* kKi* kKi},
    {"tb", kK* kK* kK* kK},
};

constexpr Unit kCountUnits[] = {
    {"", 1.0},
    {"k", kK},
    {"m", kK* kK},
    {"g", kK* kK* kK},
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
    return true;
}

// Splits "1.5 MiB" into the number and the unit; the number is digits with at
// most one '.', and at least one digit.
struct NumberAndUnit {
    std::string_view number;
    std::string_view unit;
};

std::optional<NumberAndUnit> split(std::string_view text) {
    text = trim(text);
    std::size_t end = 0;
    bool digit = false;
    bool dot = false;
    for (; end < text.size(); ++end) {
        const char c = text[end];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digit = true;
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!digit) return std::nullopt;
    return NumberAndUnit{text.substr(0, end), trim(text.substr(end))};
}

template <std::size_t N>
std::optional<std::uint64_t> parse_with_units(std::string_view text, const Unit (&units)[N],
                                              bool allow_fraction) {
    const auto parts = split(text);
    if (!parts) return std::nullopt;
    if (!allow_fraction && parts->number.find('.') != std::string_view::npos && parts->unit.empty())
        return std::nullopt;
    const Unit* unit = nullptr;
    for (const Unit& u : units)
        if (equals_ignoring_case(parts->unit, u.name)) unit = &u;
    if (unit == nullptr) return std::nullopt;
    // Plain integers are exact; strtod would lose precision above 2^53.
    if (parts->number.find('.') == std::string_view::npos && unit->factor == 1.0) {
        std::uint64_t value = 0;
        for (const char c : parts->number) {
            const auto digit = static_cast<std::uint64_t>(c - '0');
            if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
            value = value * 10 + digit;
        }
        return value;
    }
    // from_chars: independent of the locale, and a number too large for a
    // double fails instead of throwing.
    double number = 0;
    const char* first = parts->number.data();
    const char* last = first + parts->number.size();
    const auto [end, ec] = std::from_chars(first, last, number, std::chars_format::fixed);
    if (ec != std::errc() || end != last) return std::nullopt;
    const double value = number * unit->factor;
    // 2^64 as a double; anything at or above it does not fit.
    if (!std::isfinite(value) || value >= 18446744073709551616.0) return std::nullopt;
    return static_cast<std::uint64_t>(std::round(value));
}

}  // namespace

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
    return parse_with_units(text, kSizeUnits, /*allow_fraction=*/true);
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
    return parse_with_units(text, kCountUnits, /*allow_fraction=*/false);
}

}  // namespace memscope::analysis
