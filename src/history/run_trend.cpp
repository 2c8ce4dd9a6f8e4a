#include "history/run_trend.h"

#include <charconv>

namespace memscope::history {

namespace {

struct MetricName {
    TrendMetric metric;
    const char* name;
};

constexpr MetricName kMetricNames[] = {
    {TrendMetric::kPeak, "peak"},
    {TrendMetric::kLeaked, "leaked"},
    {TrendMetric::kAllocations, "allocations"},
    {TrendMetric::kAllocated, "allocated"},
    {TrendMetric::kTemporary, "temporary"},
    {TrendMetric::kRss, "rss"},
};

}  // namespace

std::optional<TrendMetric> parse_trend_metric(std::string_view name) {
    for (const auto& m : kMetricNames)
        if (name == m.name) return m.metric;
    return std::nullopt;
}

const char* trend_metric_name(TrendMetric metric) {
    for (const auto& m : kMetricNames)
        if (metric == m.metric) return m.name;
    return "peak";
}

bool trend_metric_is_bytes(TrendMetric metric) {
    return metric == TrendMetric::kPeak || metric == TrendMetric::kLeaked ||
           metric == TrendMetric::kAllocated || metric == TrendMetric::kRss;
}

std::uint64_t trend_value(const HistoryRun& run, TrendMetric metric) {
    switch (metric) {
        case TrendMetric::kPeak:
            return run.peak_heap_bytes;
        case TrendMetric::kLeaked:
            return run.leaked_bytes;
        case TrendMetric::kAllocations:
            return run.allocation_calls;
        case TrendMetric::kAllocated:
            return run.allocated_bytes;
        case TrendMetric::kTemporary:
            return run.temporary_allocations;
        case TrendMetric::kRss:
            return run.peak_rss_bytes;
    }
    return 0;
}

std::optional<TrendBaseline> parse_trend_baseline(std::string_view text) {
    if (text == "first") return TrendBaseline{TrendBaseline::Kind::kFirst, 0};
    if (text == "previous") return TrendBaseline{TrendBaseline::Kind::kPrevious, 0};
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return TrendBaseline{TrendBaseline::Kind::kId, id};
}

Trend compute_trend(const std::vector<HistoryRun>& runs, TrendMetric metric, TrendBaseline baseline,
                    double threshold_percent) {
    Trend trend;
    trend.metric = metric;
    trend.baseline = baseline;
    trend.threshold_percent = threshold_percent;

    const HistoryRun* chosen = nullptr;
    if (baseline.kind == TrendBaseline::Kind::kId) {
        for (const auto& r : runs)
            if (r.id == baseline.id) chosen = &r;
        if (chosen == nullptr)
            throw HistoryError("baseline run " + std::to_string(baseline.id) +
                               " is not among the runs listed");
    } else if (baseline.kind == TrendBaseline::Kind::kFirst && !runs.empty()) {
        chosen = &runs.front();
    }

    for (std::size_t i = 0; i < runs.size(); ++i) {
        TrendPoint p;
        p.run = runs[i];
        p.value = trend_value(runs[i], metric);
        const HistoryRun* base = baseline.kind == TrendBaseline::Kind::kPrevious
                                     ? (i > 0 ? &runs[i - 1] : nullptr)
                                     : chosen;
        if (base != nullptr && base->id != runs[i].id) {
            p.baseline_id = base->id;
            p.baseline_value = trend_value(*base, metric);
            if (p.baseline_value != 0) {
                p.percent = (static_cast<double>(p.value) - static_cast<double>(p.baseline_value)) /
                            static_cast<double>(p.baseline_value) * 100.0;
                p.regression = *p.percent > threshold_percent;
            } else {
                p.regression = p.value > 0;
            }
        }
        trend.points.push_back(std::move(p));
    }
    return trend;
}

}  // namespace memscope::history
