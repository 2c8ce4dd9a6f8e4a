#include "analysis/site_diff.h"

#include <algorithm>
#include <limits>
#include <map>
#include <string_view>

namespace memscope::analysis {

namespace {

std::string_view base_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void add(SiteFigures& into, const SiteFigures& f) {
    into.peak_bytes += f.peak_bytes;
    into.leaked_bytes += f.leaked_bytes;
    into.leaked_blocks += f.leaked_blocks;
    into.allocated_bytes += f.allocated_bytes;
    into.allocations += f.allocations;
    into.temporary += f.temporary;
}

std::uint64_t magnitude(std::int64_t v) {
    return v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
}

}  // namespace

std::int64_t signed_change(std::uint64_t base, std::uint64_t next) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (next >= base) return static_cast<std::int64_t>(std::min(next - base, kMax));
    return -static_cast<std::int64_t>(std::min(base - next, kMax));
}

std::int64_t SiteChange::change(SiteMetric metric) const {
    return signed_change(base.value(metric), next.value(metric));
}

bool SiteChange::changed() const {
    return in_base != in_new || base.peak_bytes != next.peak_bytes ||
           base.leaked_bytes != next.leaked_bytes || base.leaked_blocks != next.leaked_blocks ||
           base.allocated_bytes != next.allocated_bytes || base.allocations != next.allocations ||
           base.temporary != next.temporary;
}

std::string diff_key(const SymbolizedStack& stack) {
    std::string key;
    for (const auto& f : stack) {
        const symbols::Frame& s = f.symbol;
        if (!s.function.empty()) {
            key += s.function;
        } else {
            key += '+';
            key += std::to_string(s.module_offset);
        }
        key += '|';
        key += base_name(s.module);
        key += '\n';
    }
    return key;
}

SiteDiff diff_sites(Summary base, const StackMetricsTable& base_table, Summary next,
                    const StackMetricsTable& next_table, SiteMetric by) {
    SiteDiff diff;
    diff.by = by;
    diff.base = std::move(base);
    diff.next = std::move(next);

    std::map<std::string, SiteChange> by_key;
    for (const auto& row : base_table.rows) {
        std::string key = diff_key(row.stack);
        SiteChange& site = by_key[key];
        if (!site.in_base) {
            site.key = std::move(key);
            site.stack = row.stack;
            site.in_base = true;
        }
        add(site.base, row);
    }
    for (const auto& row : next_table.rows) {
        std::string key = diff_key(row.stack);
        SiteChange& site = by_key[key];
        if (!site.in_new) {
            site.key = std::move(key);
            site.stack = row.stack;  // NEW's frames: the lines people will look up
            site.in_new = true;
        }
        add(site.next, row);
    }

    for (auto& [key, site] : by_key) {
        if (site.changed())
            diff.sites.push_back(std::move(site));
        else
            ++diff.unchanged_sites;
    }
    std::stable_sort(diff.sites.begin(), diff.sites.end(),
                     [by](const SiteChange& a, const SiteChange& b) {
                         const auto x = magnitude(a.change(by));
                         const auto y = magnitude(b.change(by));
                         if (x != y) return x > y;
                         return magnitude(a.change(SiteMetric::kAllocated)) >
                                magnitude(b.change(SiteMetric::kAllocated));
                     });
    return diff;
}

}  // namespace memscope::analysis
