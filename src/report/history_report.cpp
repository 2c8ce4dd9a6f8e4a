#include "report/history_report.h"

#include <fmt/format.h>

#include <ctime>

#include "report/text_table.h"
#include "report/units.h"

namespace memscope::report {

namespace {

using Align = TextTable::Align;

// Local time, to the minute: when a person added the run.
std::string local_time(std::int64_t unix_s) {
    const std::time_t t = static_cast<std::time_t>(unix_s);
    std::tm tm{};
    if (localtime_r(&t, &tm) == nullptr) return std::to_string(unix_s);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
    return text;
}

// UTC, ISO 8601: what a machine reads.
std::string utc_time(std::int64_t unix_s) {
    const std::time_t t = static_cast<std::time_t>(unix_s);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) return std::to_string(unix_s);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::string metric_value(history::TrendMetric metric, std::uint64_t v) {
    return history::trend_metric_is_bytes(metric) ? format_bytes(v) : format_count(v);
}

std::string baseline_name(const history::TrendBaseline& b) {
    switch (b.kind) {
        case history::TrendBaseline::Kind::kFirst:
            return "first";
        case history::TrendBaseline::Kind::kPrevious:
            return "previous";
        case history::TrendBaseline::Kind::kId:
            return std::to_string(b.id);
    }
    return "first";
}

std::string percent_text(const history::TrendPoint& p) {
    if (!p.baseline_id) return "baseline";
    // Within rounding of no change: unsigned, like a diff's "0 B".
    if (p.percent && *p.percent > -0.05 && *p.percent < 0.05) return "0.0%";
    if (p.percent) return fmt::format("{:+.1f}%", *p.percent);
    return p.value == 0 ? "0.0%" : "new";  // the baseline was 0
}

std::vector<std::string> styled_header(const std::vector<std::string>& head,
                                       const TextStyle& style) {
    std::vector<std::string> out;
    for (const auto& h : head) out.push_back(style.emphasis(h));
    return out;
}

}  // namespace

nlohmann::ordered_json history_run_json(const history::HistoryRun& r) {
    return nlohmann::ordered_json{
        {"id", r.id},
        {"added_at", utc_time(r.added_at_s)},
        {"label", r.label},
        {"trace", r.trace_path},
        {"program", r.program},
        {"command_line", r.command_line},
        {"pid", r.pid},
        {"recorded_at_ns", r.recorded_at_ns},
        {"duration_ns", r.duration_ns},
        {"truncated", r.truncated},
        {"peak_heap_bytes", r.peak_heap_bytes},
        {"peak_rss_bytes", r.peak_rss_bytes},
        {"leaked_bytes", r.leaked_bytes},
        {"leaked_blocks", r.leaked_blocks},
        {"allocation_calls", r.allocation_calls},
        {"allocated_bytes", r.allocated_bytes},
        {"free_calls", r.free_calls},
        {"temporary_allocations", r.temporary_allocations},
    };
}

std::string history_list_text(const std::string& db, const std::vector<history::HistoryRun>& runs,
                              const TextStyle& style) {
    if (runs.empty()) return fmt::format("No runs in {}.\n", db);
    std::string out =
        style.heading(fmt::format("{} in {}", plural(runs.size(), "run", "runs"), db)) + "\n";
    const std::vector<std::string> head = {"ID",     "ADDED", "LABEL",     "PROGRAM", "PEAK",
                                           "LEAKED", "CALLS", "TEMPORARY", "PEAK RSS"};
    TextTable table({Align::kRight, Align::kLeft, Align::kLeft, Align::kLeft, Align::kRight,
                     Align::kRight, Align::kRight, Align::kRight, Align::kRight});
    table.add_row(head, styled_header(head, style));
    for (const auto& r : runs) {
        table.add_row({std::to_string(r.id), local_time(r.added_at_s), r.label,
                       history::program_name(r.program), format_bytes(r.peak_heap_bytes),
                       format_bytes(r.leaked_bytes), format_count(r.allocation_calls),
                       format_count(r.temporary_allocations), format_bytes(r.peak_rss_bytes)});
    }
    out += table.render("  ");
    return out;
}

nlohmann::ordered_json history_list_json(const std::string& db,
                                         const std::vector<history::HistoryRun>& runs) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& r : runs) list.push_back(history_run_json(r));
    return nlohmann::ordered_json{{"db", db}, {"runs", std::move(list)}};
}

std::string history_trend_text(const history::Trend& trend, const TextStyle& style) {
    const char* metric = history::trend_metric_name(trend.metric);
    if (trend.points.empty()) return "No runs to compare.\n";
    std::string against;
    switch (trend.baseline.kind) {
        case history::TrendBaseline::Kind::kFirst:
            against = fmt::format("the first run ({})", trend.points.front().run.id);
            break;
        case history::TrendBaseline::Kind::kPrevious:
            against = "the run before it";
            break;
        case history::TrendBaseline::Kind::kId:
            against = fmt::format("run {}", trend.baseline.id);
            break;
    }
    std::string out =
        style.heading(fmt::format("{} of {} ({}), each against {}; regression above {:+.1f}%",
                                  metric, history::program_name(trend.points.back().run.program),
                                  plural(trend.points.size(), "run", "runs"), against,
                                  trend.threshold_percent)) +
        "\n";
    const std::vector<std::string> head = {"ID",     "ADDED", "LABEL", fmt::format("{}", metric),
                                           "CHANGE", ""};
    TextTable table(
        {Align::kRight, Align::kLeft, Align::kLeft, Align::kRight, Align::kRight, Align::kLeft});
    std::vector<std::string> head_upper = head;
    for (char& c : head_upper[3])
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    table.add_row(head_upper, styled_header(head_upper, style));
    for (const auto& p : trend.points) {
        const std::string flag = p.regression ? "REGRESSION" : "";
        table.add_row({std::to_string(p.run.id), local_time(p.run.added_at_s), p.run.label,
                       metric_value(trend.metric, p.value), percent_text(p), flag},
                      {std::to_string(p.run.id), local_time(p.run.added_at_s), p.run.label,
                       metric_value(trend.metric, p.value), percent_text(p), style.warning(flag)});
    }
    out += table.render("  ");
    return out;
}

nlohmann::ordered_json history_trend_json(const history::Trend& trend) {
    nlohmann::ordered_json runs = nlohmann::ordered_json::array();
    for (const auto& p : trend.points) {
        nlohmann::ordered_json point{
            {"id", p.run.id},
            {"label", p.run.label},
            {"added_at", utc_time(p.run.added_at_s)},
            {"value", p.value},
        };
        point["baseline_id"] = p.baseline_id ? nlohmann::ordered_json(*p.baseline_id) : nullptr;
        point["baseline_value"] =
            p.baseline_id ? nlohmann::ordered_json(p.baseline_value) : nullptr;
        point["percent_change"] = p.percent ? nlohmann::ordered_json(*p.percent) : nullptr;
        point["regression"] = p.regression;
        runs.push_back(std::move(point));
    }
    return nlohmann::ordered_json{
        {"metric", history::trend_metric_name(trend.metric)},
        {"baseline", baseline_name(trend.baseline)},
        {"threshold_percent", trend.threshold_percent},
        {"latest_regressed", trend.latest_regressed()},
        {"runs", std::move(runs)},
    };
}

}  // namespace memscope::report
