#include "analysis/site_ranking.h"

#include <algorithm>
#include <unordered_map>

#include "analysis/allocation_site.h"

namespace memscope::analysis {

namespace {

struct MetricName {
    SiteMetric metric;
    const char* name;
};
constexpr MetricName kMetricNames[] = {
    {SiteMetric::kPeak, "peak"},
    {SiteMetric::kLeaked, "leaked"},
    {SiteMetric::kAllocations, "allocations"},
    {SiteMetric::kTemporary, "temporary"},
    {SiteMetric::kAllocated, "allocated"},
};

std::uint64_t stack_value(const StackUsage& u, const PeakTracker& peak, SiteMetric metric) {
    switch (metric) {
        case SiteMetric::kPeak:
            return peak.bytes_at_peak(u);
        case SiteMetric::kLeaked:
            return u.live_bytes;
        case SiteMetric::kAllocations:
            return u.allocations;
        case SiteMetric::kTemporary:
            return u.temporary;
        case SiteMetric::kAllocated:
            return u.allocated_bytes;
    }
    return 0;
}

}  // namespace

std::optional<SiteMetric> parse_site_metric(std::string_view name) {
    for (const auto& m : kMetricNames)
        if (name == m.name) return m.metric;
    return std::nullopt;
}

const char* site_metric_name(SiteMetric metric) {
    for (const auto& m : kMetricNames)
        if (metric == m.metric) return m.name;
    return "peak";
}

std::uint64_t SiteFigures::value(SiteMetric metric) const {
    switch (metric) {
        case SiteMetric::kPeak:
            return peak_bytes;
        case SiteMetric::kLeaked:
            return leaked_bytes;
        case SiteMetric::kAllocations:
            return allocations;
        case SiteMetric::kTemporary:
            return temporary;
        case SiteMetric::kAllocated:
            return allocated_bytes;
    }
    return 0;
}

SiteRanking rank_sites(const trace::TraceReader& reader, const TracePass& pass,
                       StackSymbolizer& stacks, SiteMetric by, std::size_t limit) {
    SiteRanking ranking;
    ranking.by = by;
    ranking.truncated = reader.truncated();
    ranking.sample_rate_bytes = pass.heap().weighting().sample_rate_bytes();
    ranking.truncation_reason = reader.truncation_reason();
    const PeakTracker& peak = pass.heap().peak();

    struct Example {
        std::uint64_t value = 0;
        std::uint64_t allocated = 0;
        bool set = false;
    };
    std::vector<Site> sites;
    std::vector<Example> examples;
    std::unordered_map<std::string, std::size_t> by_location;
    for (const StackUsage& u : pass.heap().stacks()) {
        const SymbolizedStack& stack = stacks.stack(u.stack);
        const ResolvedFrame* frame = site_frame(stack);
        std::string location = site_location(frame);
        const auto [it, fresh] = by_location.try_emplace(location, sites.size());
        if (fresh) {
            Site site;
            site.location = std::move(location);
            if (frame) {
                site.function = frame->symbol.function;
                site.file = frame->symbol.file;
                site.line = frame->symbol.line;
                site.module = frame->symbol.module;
            }
            sites.push_back(std::move(site));
            examples.emplace_back();
        }
        Site& site = sites[it->second];
        site.peak_bytes += peak.bytes_at_peak(u);
        site.leaked_bytes += u.live_bytes;
        site.leaked_blocks += u.live_blocks;
        site.allocations += u.allocations;
        site.allocated_bytes += u.allocated_bytes;
        site.temporary += u.temporary;
        Example& best = examples[it->second];
        const std::uint64_t value = stack_value(u, peak, by);
        if (!best.set || value > best.value ||
            (value == best.value && u.allocated_bytes > best.allocated)) {
            best = Example{value, u.allocated_bytes, true};
            site.stack = stack;
        }
    }

    std::vector<std::size_t> order(sites.size());
    for (std::size_t i = 0; i < sites.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Site& x = sites[a];
        const Site& y = sites[b];
        if (x.value(by) != y.value(by)) return x.value(by) > y.value(by);
        if (x.allocated_bytes != y.allocated_bytes) return x.allocated_bytes > y.allocated_bytes;
        return x.location < y.location;
    });
    ranking.total_sites = order.size();
    if (limit != 0 && order.size() > limit) order.resize(limit);
    for (const std::size_t i : order) ranking.sites.push_back(std::move(sites[i]));
    return ranking;
}

}  // namespace memscope::analysis
