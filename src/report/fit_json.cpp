#include <cmath>

#include "report/elf_footprint_json.h"
#include "report/fit_view.h"
#include "report/frame_json.h"
#include "report/trace_time.h"

namespace memscope::report {

namespace {

using Json = nlohmann::ordered_json;

const char* placement_name(const analysis::AllocatorModel& m) {
    return m.placement == analysis::PlacementPolicy::kFirstFit ? "first fit" : "best fit";
}

Json moment_json(const analysis::TargetHeapMoment& m, std::uint64_t start_ns) {
    return Json{{"time_ns", since_start(m.time_ns, start_ns)},
                {"requested_bytes", m.requested_bytes},
                {"blocks", m.blocks},
                {"block_bytes", m.block_bytes},
                {"mapped_bytes", m.mapped_bytes},
                {"footprint_bytes", m.footprint()},
                {"arena_bytes", m.arena_bytes},
                {"hole_bytes", m.hole_bytes},
                {"holes", m.holes},
                {"largest_hole_bytes", m.largest_hole},
                {"memory_bytes", m.memory()}};
}

Json map_json(const analysis::ArenaMap& map) {
    Json used = Json::array();
    for (const double share : map.used) used.push_back(std::round(share * 1000.0) / 1000.0);
    Json classes = Json::array();
    for (const analysis::HoleSizeClass& c : map.hole_sizes)
        classes.push_back(Json{{"min_bytes", c.min_bytes}, {"holes", c.holes}, {"bytes", c.bytes}});
    return Json{{"arena_bytes", map.arena_bytes},
                {"cell_bytes", map.cell_bytes},
                {"used", used},
                {"hole_sizes", classes}};
}

Json compared_json(const FitHeapView& h) {
    Json out = Json::array();
    for (const analysis::TargetHeap* t : h.compared)
        out.push_back(Json{{"model", t->model().name},
                           {"placement", placement_name(t->model())},
                           {"footprint_peak", moment_json(t->footprint_peak(), h.start_ns)},
                           {"memory_peak", moment_json(t->memory_peak(), h.start_ns)}});
    return out;
}

Json heap_json(const FitHeapView& h) {
    const analysis::TargetHeap& t = h.target;
    Json overflow = nullptr;
    if (t.overflow()) {
        const analysis::HeapOverflow& o = *t.overflow();
        overflow = Json{{"time_ns", since_start(o.time_ns, h.start_ns)},
                        {"request_bytes", o.request_bytes},
                        {"memory_bytes", o.memory_bytes},
                        {"tid", o.tid},
                        {"frames", h.overflow_stack != nullptr ? stack_json(*h.overflow_stack)
                                                               : Json::array()}};
    }
    Json sites = Json::array();
    for (const FitSite& site : h.sites)
        sites.push_back(Json{{"location", site.location},
                             {"blocks", site.blocks},
                             {"requested_bytes", site.requested_bytes},
                             {"footprint_bytes", site.footprint_bytes},
                             {"overhead_bytes", site.overhead_bytes()}});
    return Json{{"trace", h.trace},
                {"truncated", h.truncated},
                {"requested_peak", moment_json(t.requested_peak(), h.start_ns)},
                {"footprint_peak", moment_json(t.footprint_peak(), h.start_ns)},
                {"memory_peak", moment_json(t.memory_peak(), h.start_ns)},
                {"at_end", moment_json(t.now(), h.start_ns)},
                {"mapped_blocks", t.mapped_blocks()},
                {"final_mmap_threshold", t.mmap_threshold()},
                {"heap_limit_bytes", h.heap_limit == 0 ? Json(nullptr) : Json(h.heap_limit)},
                {"first_failure", overflow},
                {"overhead_sites", sites},
                {"compared", compared_json(h)},
                {"arena_map", h.map != nullptr ? map_json(*h.map) : Json(nullptr)}};
}

Json names(const std::vector<std::string>& list) {
    Json out = Json::array();
    for (const std::string& name : list) out.push_back(name);
    return out;
}

Json stacks_json(const std::vector<callgraph::WorstCaseStack>& stacks) {
    Json out = Json::array();
    for (const callgraph::WorstCaseStack& s : stacks) {
        Json path = Json::array();
        for (const callgraph::StackFrameOnPath& f : s.path)
            path.push_back(Json{{"function", f.function},
                                {"location", f.location},
                                {"frame_bytes", f.frame_bytes}});
        out.push_back(Json{{"entry", s.entry},
                           {"bytes", s.bytes},
                           {"exact", s.exact()},
                           {"unbounded", s.unbounded()},
                           {"path", path},
                           {"red_zone_bytes", s.red_zone_bytes},
                           {"recursive", names(s.recursive)},
                           {"indirect_callers", names(s.indirect_callers)},
                           {"unknown_callees", names(s.unknown_callees)},
                           {"dynamic_frames", names(s.dynamic_frames)}});
    }
    return out;
}

}  // namespace

Json allocator_model_json(const analysis::AllocatorModel& m) {
    return Json{{"name", m.name},
                {"description", m.description},
                {"pointer_bits", m.pointer_bits},
                {"header_bytes", m.header_bytes},
                {"alignment", m.alignment},
                {"min_block_bytes", m.min_block_bytes},
                {"mmap_threshold", m.mmap_threshold},
                {"mmap_threshold_max", m.mmap_threshold_max},
                {"placement", placement_name(m)},
                {"min_split_bytes", m.split_threshold()}};
}

Json fit_json(const FitView& view) {
    Json budget = Json::array();
    bool fits = true;
    for (const analysis::FitOutcome& o : view.outcomes) {
        Json parts = Json::array();
        for (const analysis::FitPart& p : o.parts)
            parts.push_back(Json{{"what", p.what},
                                 {"bytes", p.bytes},
                                 {"lower_bound", p.lower_bound},
                                 {"unbounded", p.unbounded}});
        budget.push_back(Json{{"option", o.option},
                              {"what", o.what},
                              {"need_bytes", o.need},
                              {"budget_bytes", o.budget},
                              {"exceeded", o.exceeded()},
                              {"need_is_lower_bound", o.lower_bound()},
                              {"need_is_unbounded", o.unbounded()},
                              {"parts", parts}});
        fits = fits && !o.exceeded();
    }
    return Json{
        {"target", view.heap != nullptr ? allocator_model_json(view.model) : Json(nullptr)},
        {"heap", view.heap != nullptr ? heap_json(*view.heap) : Json(nullptr)},
        {"binary", view.binary != nullptr ? elf_footprint_json(*view.binary) : Json(nullptr)},
        {"stacks", view.stacks != nullptr ? stacks_json(*view.stacks) : Json(nullptr)},
        {"stack_reserve_bytes", view.stack_reserve},
        {"budget", budget},
        {"fits", fits}};
}

}  // namespace memscope::report
