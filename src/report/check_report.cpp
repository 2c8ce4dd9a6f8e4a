#include "report/check_report.h"

#include <fmt/format.h>

#include "report/units.h"

namespace memscope::report {

namespace {

std::string figure(const analysis::LimitOutcome& o, std::uint64_t n) {
    return o.bytes ? format_bytes(n) : format_count(n);
}

// Value and limit as printed; when rounding makes them look equal (a peak one
// byte over 10 MiB), the exact byte counts are added so the failure is visible.
std::pair<std::string, std::string> value_and_limit(const analysis::LimitOutcome& o) {
    std::string value = figure(o, o.value);
    std::string limit = figure(o, o.limit);
    if (o.bytes && value == limit) {
        value += fmt::format(" ({} B)", format_count(o.value));
        limit += fmt::format(" ({} B)", format_count(o.limit));
    }
    return {std::move(value), std::move(limit)};
}

}  // namespace

std::string check_failures_text(const std::vector<analysis::LimitOutcome>& outcomes,
                                const TextStyle& style) {
    std::string out;
    for (const auto& o : outcomes) {
        if (!o.exceeded()) continue;
        const auto [value, limit] = value_and_limit(o);
        out += fmt::format("memscope: {}: {} {} exceeds {} {}\n", style.warning("check failed"),
                           o.what, value, o.option, limit);
    }
    return out;
}

std::string check_passed_text(const std::vector<analysis::LimitOutcome>& outcomes) {
    std::string parts;
    for (const auto& o : outcomes) {
        const auto [value, limit] = value_and_limit(o);
        if (!parts.empty()) parts += ", ";
        parts += fmt::format("{} {} <= {}", o.what, value, limit);
    }
    return fmt::format("memscope: check passed: {}\n", parts);
}

nlohmann::ordered_json check_json(const std::string& trace, bool truncated,
                                  const std::vector<analysis::LimitOutcome>& outcomes) {
    nlohmann::ordered_json limits = nlohmann::ordered_json::array();
    bool passed = true;
    for (const auto& o : outcomes) {
        passed = passed && !o.exceeded();
        limits.push_back({
            {"option", o.option},
            {"metric", o.field},
            {"value", o.value},
            {"limit", o.limit},
            {"passed", !o.exceeded()},
        });
    }
    return nlohmann::ordered_json{
        {"trace", trace},
        {"passed", passed},
        {"truncated", truncated},
        {"limits", std::move(limits)},
    };
}

}  // namespace memscope::report
