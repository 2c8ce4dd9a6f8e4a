#include "report/estimate_marks.h"
#include "report/phases_view.h"
#include "report/trace_time.h"

namespace memscope::report {

namespace {

using Json = nlohmann::ordered_json;

Json rss_json(const analysis::WindowFigures& w, std::uint64_t bytes) {
    return w.has_rss ? Json(bytes) : Json(nullptr);
}

Json instance_json(const analysis::PhaseInstance& p, std::uint64_t start_ns) {
    return Json{
        {"name", p.name},
        {"tid", p.tid},
        {"source", p.tid == 0 ? "window" : "program"},
        {"depth", p.depth},
        {"begin_ns", since_start(p.begin_ns, start_ns)},
        {"end_ns", since_start(p.end_ns, start_ns)},
        {"duration_ns", p.end_ns - p.begin_ns},
        {"open_at_end", p.open_at_end},
        {"heap_begin_bytes", p.heap_begin_bytes},
        {"heap_end_bytes", p.heap_end_bytes},
        {"peak_heap_bytes", p.peak_heap_bytes},
        {"allocated_bytes", p.allocated_bytes},
        {"allocation_calls", p.allocation_calls},
        {"free_calls", p.free_calls},
        {"temporary_allocations", p.temporary_allocations},
        {"left_behind_bytes", p.left_behind_bytes},
        {"rss_begin_bytes", rss_json(p, p.rss_begin_bytes)},
        {"rss_end_bytes", rss_json(p, p.rss_end_bytes)},
        {"rss_change_bytes", p.has_rss ? Json(static_cast<std::int64_t>(p.rss_end_bytes) -
                                              static_cast<std::int64_t>(p.rss_begin_bytes))
                                       : Json(nullptr)},
    };
}

Json name_json(const RankedPhaseName& r) {
    const analysis::PhaseNameTotals& n = *r.totals;
    Json sites = Json::array();
    for (const analysis::PhaseSite& s : r.sites)
        sites.push_back({{"location", s.location},
                         {"function", s.function},
                         {"file", s.file},
                         {"line", s.line},
                         {"allocated_bytes", s.allocated_bytes},
                         {"allocations", s.allocations}});
    return Json{
        {"name", n.name},
        {"instances", n.instances},
        {"duration_ns", n.duration_ns},
        {"allocated_bytes", n.allocated_bytes},
        {"allocation_calls", n.allocation_calls},
        {"temporary_allocations", n.temporary_allocations},
        {"peak_heap_bytes", n.peak_heap_bytes},
        {"left_behind_bytes", n.left_behind_bytes},
        {"intensity_bytes_per_s", n.intensity_bytes_per_s()},
        {"top_sites", std::move(sites)},
    };
}

}  // namespace

nlohmann::ordered_json phases_json(const PhasesView& view) {
    const analysis::PhaseFigures& f = view.figures;
    Json phases = Json::array();
    for (const auto& p : f.instances()) phases.push_back(instance_json(p, view.start_ns));
    Json names = Json::array();
    for (const RankedPhaseName& r : view.ranked) names.push_back(name_json(r));
    Json transitions = Json::array();
    for (const auto& t : f.transitions())
        transitions.push_back({{"from", f.instances()[t.from].name},
                               {"to", f.instances()[t.to].name},
                               {"from_index", t.from},
                               {"to_index", t.to},
                               {"gap_ns", t.gap_ns},
                               {"heap_change_bytes", t.heap_change},
                               {"left_behind_bytes", t.left_behind_bytes}});
    Json marks = Json::array();
    for (const auto& m : f.marks())
        marks.push_back({{"label", m.label},
                         {"tid", m.tid},
                         {"time_ns", since_start(m.time_ns, view.start_ns)},
                         {"heap_bytes", m.heap_bytes}});
    Json out{
        {"truncated", view.truncated},
        {"truncation_reason", view.truncation_reason},
        {"phases", std::move(phases)},
        {"by_name", std::move(names)},
        {"transitions", std::move(transitions)},
        {"marks", std::move(marks)},
        {"dropped_phases", f.dropped_instances()},
        {"dropped_marks", f.dropped_marks()},
    };
    add_estimate_fields(out, view.sample_rate_bytes);
    return out;
}

}  // namespace memscope::report
