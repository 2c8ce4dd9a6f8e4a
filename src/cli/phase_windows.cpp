#include "cli/phase_windows.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <string_view>

namespace memscope::cli {

namespace {

constexpr std::int64_t kNsPerSecond = 1000000000;

struct Field {
    std::string_view text;
    std::size_t column = 0;  // 1-based
};

std::string_view trim(std::string_view s, std::size_t& column) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
        ++column;
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<Field> split(std::string_view line) {
    std::vector<Field> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        const std::size_t stop = comma == std::string_view::npos ? line.size() : comma;
        std::size_t column = start + 1;
        const std::string_view text = trim(line.substr(start, stop - start), column);
        fields.push_back({text, column});
        if (comma == std::string_view::npos) return fields;
        start = comma + 1;
    }
}

// Digits, at most `max` of them; advances s.
std::optional<std::int64_t> take_digits(std::string_view& s, std::size_t min, std::size_t max) {
    std::size_t n = 0;
    std::int64_t v = 0;
    while (n < s.size() && n < max && std::isdigit(static_cast<unsigned char>(s[n]))) {
        v = v * 10 + (s[n] - '0');
        ++n;
    }
    if (n < min) return std::nullopt;
    s.remove_prefix(n);
    return v;
}

bool take_char(std::string_view& s, char c) {
    if (s.empty() || s.front() != c) return false;
    s.remove_prefix(1);
    return true;
}

// ".fff...": the fraction of a second in ns (up to 9 digits).
std::optional<std::int64_t> take_fraction(std::string_view& s) {
    if (!take_char(s, '.')) return 0;
    std::string_view digits = s;
    const auto v = take_digits(s, 1, 9);
    if (!v) return std::nullopt;
    std::int64_t ns = *v;
    for (std::size_t n = digits.size() - s.size(); n < 9; ++n) ns *= 10;
    return ns;
}

// HH:MM:SS[.fff] as ns since midnight.
std::optional<std::int64_t> take_clock(std::string_view& s) {
    const auto h = take_digits(s, 2, 2);
    if (!h || !take_char(s, ':')) return std::nullopt;
    const auto m = take_digits(s, 2, 2);
    if (!m || !take_char(s, ':')) return std::nullopt;
    const auto sec = take_digits(s, 2, 2);
    if (!sec) return std::nullopt;
    const auto frac = take_fraction(s);
    if (!frac || *h > 23 || *m > 59 || *sec > 60) return std::nullopt;
    return ((*h * 60 + *m) * 60 + *sec) * kNsPerSecond + *frac;
}

// "1.5s", "250ms", "100us", "5000ns", "2min", "3" (seconds).
std::optional<std::int64_t> parse_offset(std::string_view s) {
    std::size_t digits = 0;
    while (digits < s.size() &&
           (std::isdigit(static_cast<unsigned char>(s[digits])) || s[digits] == '.'))
        ++digits;
    if (digits == 0) return std::nullopt;
    const std::string number(s.substr(0, digits));
    const std::string_view unit = s.substr(digits);
    double value = 0;
    char extra = 0;
    if (std::sscanf(number.c_str(), "%lf%c", &value, &extra) != 1) return std::nullopt;
    double scale = 0;
    if (unit.empty() || unit == "s")
        scale = 1e9;
    else if (unit == "ms")
        scale = 1e6;
    else if (unit == "us")
        scale = 1e3;
    else if (unit == "ns")
        scale = 1;
    else if (unit == "min")
        scale = 60e9;
    else
        return std::nullopt;
    const double ns = value * scale;
    if (ns > 1e18) return std::nullopt;
    return static_cast<std::int64_t>(ns + 0.5);
}

// YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM] as ns since the epoch.
std::optional<std::int64_t> parse_iso(std::string_view s) {
    const auto year = take_digits(s, 4, 4);
    if (!year || !take_char(s, '-')) return std::nullopt;
    const auto month = take_digits(s, 2, 2);
    if (!month || !take_char(s, '-')) return std::nullopt;
    const auto day = take_digits(s, 2, 2);
    if (!day || (!take_char(s, 'T') && !take_char(s, ' '))) return std::nullopt;
    const auto clock = take_clock(s);
    if (!clock || *month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
    std::tm tm{};
    tm.tm_year = static_cast<int>(*year - 1900);
    tm.tm_mon = static_cast<int>(*month - 1);
    tm.tm_mday = static_cast<int>(*day);
    const std::int64_t seconds_of_day = *clock / kNsPerSecond;
    tm.tm_hour = static_cast<int>(seconds_of_day / 3600);
    tm.tm_min = static_cast<int>(seconds_of_day / 60 % 60);
    tm.tm_sec = static_cast<int>(seconds_of_day % 60);
    const std::int64_t fraction = *clock % kNsPerSecond;
    std::int64_t epoch = 0;
    if (s.empty()) {
        tm.tm_isdst = -1;  // local time, with whatever daylight saving applied then
        epoch = static_cast<std::int64_t>(std::mktime(&tm));
    } else {
        epoch = static_cast<std::int64_t>(timegm(&tm));
        if (!take_char(s, 'Z')) {
            const bool ahead = take_char(s, '+');
            if (!ahead && !take_char(s, '-')) return std::nullopt;
            const auto zh = take_digits(s, 2, 2);
            if (!zh || !take_char(s, ':')) return std::nullopt;
            const auto zm = take_digits(s, 2, 2);
            if (!zm) return std::nullopt;
            const std::int64_t zone = (*zh * 60 + *zm) * 60;
            epoch += ahead ? -zone : zone;
        }
        if (!s.empty()) return std::nullopt;
    }
    return epoch * kNsPerSecond + fraction;
}

std::optional<WindowTime> parse_time(std::string_view s) {
    if (s.size() >= 10 && s[4] == '-') {
        if (const auto ns = parse_iso(s)) return WindowTime{WindowTime::Kind::kWallClock, *ns};
        return std::nullopt;
    }
    if (s.find(':') != std::string_view::npos) {
        std::string_view rest = s;
        const auto ns = take_clock(rest);
        if (!ns || !rest.empty()) return std::nullopt;
        return WindowTime{WindowTime::Kind::kTimeOfDay, *ns};
    }
    if (const auto ns = parse_offset(s)) return WindowTime{WindowTime::Kind::kOffset, *ns};
    return std::nullopt;
}

[[noreturn]] void fail(const std::string& path, std::uint32_t line, std::size_t column,
                       const std::string& what) {
    throw PhaseWindowError(fmt::format("{}:{}:{}: {}", path, line, column, what));
}

bool is_header(const std::vector<Field>& f) {
    auto lower = [](std::string_view s) {
        std::string out(s);
        for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    return f.size() == 3 && lower(f[0].text) == "name" && lower(f[1].text) == "start" &&
           lower(f[2].text) == "end";
}

// Overlap without nesting, for windows whose times can be compared now.
bool cross(std::int64_t a0, std::int64_t a1, std::int64_t b0, std::int64_t b1) {
    return a0 < b0 && b0 < a1 && a1 < b1;
}

}  // namespace

std::vector<PhaseWindow> load_phase_windows(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw PhaseWindowError(fmt::format("cannot read the phases file {}", path));
    std::vector<PhaseWindow> windows;
    std::string line;
    std::uint32_t number = 0;
    const char* const kTimeHelp =
        " (an offset like 1.5s, 250ms or 3, a time of day HH:MM:SS[.fff], or ISO 8601 "
        "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM])";
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::size_t column = 1;
        const std::string_view content = trim(line, column);
        if (content.empty() || content.front() == '#') continue;
        const std::vector<Field> f = split(line);
        if (windows.empty() && is_header(f)) continue;
        if (f.size() != 3)
            fail(path, number, f.size() < 3 ? line.size() + 1 : f[3].column - 1,
                 fmt::format("expected 3 fields (name,start,end), found {}", f.size()));
        if (f[0].text.empty()) fail(path, number, f[0].column, "the phase name is empty");
        PhaseWindow w;
        w.name = std::string(f[0].text);
        w.line = number;
        const auto start = parse_time(f[1].text);
        if (!start)
            fail(path, number, f[1].column,
                 fmt::format("'{}' is not a time{}", f[1].text, kTimeHelp));
        const auto end = parse_time(f[2].text);
        if (!end)
            fail(path, number, f[2].column,
                 fmt::format("'{}' is not a time{}", f[2].text, kTimeHelp));
        w.start = *start;
        w.end = *end;
        if (w.start.kind == w.end.kind && w.end.ns < w.start.ns)
            fail(path, number, f[2].column, "the window ends before it starts");
        for (const PhaseWindow& o : windows) {
            if (o.start.kind != w.start.kind || o.end.kind != w.start.kind ||
                w.end.kind != w.start.kind)
                continue;
            if (cross(o.start.ns, o.end.ns, w.start.ns, w.end.ns) ||
                cross(w.start.ns, w.end.ns, o.start.ns, o.end.ns))
                fail(path, number, f[1].column,
                     fmt::format("the window overlaps '{}' (line {}) without nesting in it; "
                                 "windows must nest or be disjoint",
                                 o.name, o.line));
        }
        windows.push_back(std::move(w));
    }
    if (windows.empty())
        throw PhaseWindowError(fmt::format("{}: no phase windows in the file", path));
    return windows;
}

std::vector<ResolvedWindow> resolve_phase_windows(const std::vector<PhaseWindow>& windows,
                                                  std::uint64_t start_monotonic_ns,
                                                  std::uint64_t start_realtime_ns) {
    // Local midnight of the day the program started, in epoch ns.
    const std::time_t start_seconds = static_cast<std::time_t>(start_realtime_ns / kNsPerSecond);
    std::tm day{};
    localtime_r(&start_seconds, &day);
    day.tm_hour = day.tm_min = day.tm_sec = 0;
    day.tm_isdst = -1;
    const std::int64_t midnight = static_cast<std::int64_t>(std::mktime(&day)) * kNsPerSecond;

    const auto monotonic = [&](const WindowTime& t) -> std::int64_t {
        const std::int64_t start = static_cast<std::int64_t>(start_monotonic_ns);
        switch (t.kind) {
            case WindowTime::Kind::kOffset:
                return start + t.ns;
            case WindowTime::Kind::kWallClock:
                return start + (t.ns - static_cast<std::int64_t>(start_realtime_ns));
            case WindowTime::Kind::kTimeOfDay:
                return start + (midnight + t.ns - static_cast<std::int64_t>(start_realtime_ns));
        }
        return start;
    };
    std::vector<ResolvedWindow> out;
    for (const PhaseWindow& w : windows) {
        const std::int64_t begin = monotonic(w.start);
        const std::int64_t end = monotonic(w.end);
        if (end < begin) {
            fmt::print(stderr,
                       "memscope: warning: phase window '{}' (line {}) ends before it "
                       "starts; left out\n",
                       w.name, w.line);
            continue;
        }
        const bool crosses = std::any_of(out.begin(), out.end(), [&](const ResolvedWindow& o) {
            const auto b0 = static_cast<std::int64_t>(o.begin_monotonic_ns);
            const auto b1 = static_cast<std::int64_t>(o.end_monotonic_ns);
            return cross(begin, end, b0, b1) || cross(b0, b1, begin, end);
        });
        if (crosses || begin < 0) {
            fmt::print(stderr, "memscope: warning: phase window '{}' (line {}) {}; left out\n",
                       w.name, w.line,
                       crosses ? "overlaps another window without nesting"
                               : "starts before the clock's origin");
            continue;
        }
        out.push_back({w.name, static_cast<std::uint64_t>(begin), static_cast<std::uint64_t>(end)});
    }
    return out;
}

}  // namespace memscope::cli
