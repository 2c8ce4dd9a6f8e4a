#include "report/diff_json.h"

#include "analysis/allocation_site.h"
#include "report/frame_json.h"

namespace memscope::report {

namespace {

using analysis::signed_change;

// The summary figures a diff compares, in the order they are listed.
struct TotalField {
    const char* name;
    std::uint64_t analysis::Summary::*field;
};

constexpr TotalField kTotals[] = {
    {"peak_heap_bytes", &analysis::Summary::peak_heap_bytes},
    {"peak_rss_bytes", &analysis::Summary::peak_rss_bytes},
    {"leaked_bytes", &analysis::Summary::leaked_bytes},
    {"leaked_blocks", &analysis::Summary::leaked_blocks},
    {"allocation_calls", &analysis::Summary::allocation_calls},
    {"allocated_bytes", &analysis::Summary::allocated_bytes},
    {"free_calls", &analysis::Summary::free_calls},
    {"temporary_allocations", &analysis::Summary::temporary_allocations},
};

nlohmann::ordered_json totals_of(const analysis::Summary& s) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& t : kTotals) out[t.name] = s.*t.field;
    return out;
}

nlohmann::ordered_json figures_json(const analysis::SiteFigures& f) {
    return nlohmann::ordered_json{
        {"peak_bytes", f.peak_bytes},           {"leaked_bytes", f.leaked_bytes},
        {"leaked_blocks", f.leaked_blocks},     {"allocations", f.allocations},
        {"allocated_bytes", f.allocated_bytes}, {"temporary", f.temporary},
    };
}

nlohmann::ordered_json changes_json(const analysis::SiteFigures& a,
                                    const analysis::SiteFigures& b) {
    return nlohmann::ordered_json{
        {"peak_bytes", signed_change(a.peak_bytes, b.peak_bytes)},
        {"leaked_bytes", signed_change(a.leaked_bytes, b.leaked_bytes)},
        {"leaked_blocks", signed_change(a.leaked_blocks, b.leaked_blocks)},
        {"allocations", signed_change(a.allocations, b.allocations)},
        {"allocated_bytes", signed_change(a.allocated_bytes, b.allocated_bytes)},
        {"temporary", signed_change(a.temporary, b.temporary)},
    };
}

const char* status_of(const analysis::SiteChange& s) {
    if (!s.in_base) return "added";
    if (!s.in_new) return "removed";
    return "changed";
}

}  // namespace

nlohmann::ordered_json diff_json(const analysis::SiteDiff& diff, std::size_t limit) {
    nlohmann::ordered_json totals = nlohmann::ordered_json::object();
    for (const auto& t : kTotals)
        totals[t.name] = signed_change(diff.base.*t.field, diff.next.*t.field);

    nlohmann::ordered_json sites = nlohmann::ordered_json::array();
    const std::size_t shown = limit == 0 ? diff.sites.size() : std::min(limit, diff.sites.size());
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& s = diff.sites[i];
        const analysis::ResolvedFrame* site = analysis::site_frame(s.stack);
        sites.push_back({
            {"status", status_of(s)},
            {"location", analysis::site_location(site)},
            {"function", site ? site->symbol.function : ""},
            {"change", changes_json(s.base, s.next)},
            {"base", figures_json(s.base)},
            {"new", figures_json(s.next)},
            {"stack", stack_json(s.stack)},
        });
    }
    return nlohmann::ordered_json{
        {"base", diff.base.trace_path},
        {"new", diff.next.trace_path},
        {"by", analysis::site_metric_name(diff.by)},
        {"truncated", diff.base.truncated || diff.next.truncated},
        {"totals", std::move(totals)},
        {"base_totals", totals_of(diff.base)},
        {"new_totals", totals_of(diff.next)},
        {"changed_sites", diff.sites.size()},
        {"unchanged_sites", diff.unchanged_sites},
        {"sites", std::move(sites)},
    };
}

}  // namespace memscope::report
