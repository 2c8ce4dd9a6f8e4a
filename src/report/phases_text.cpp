#include <fmt/format.h>

#include "report/estimate_marks.h"
#include "report/phases_view.h"
#include "report/signed_units.h"
#include "report/text_table.h"
#include "report/trace_time.h"
#include "report/units.h"

namespace memscope::report {

namespace {

using Align = TextTable::Align;

// A terminal page, not the whole trace: JSON has every instance and mark.
constexpr std::size_t kTextRows = 50;
constexpr std::size_t kTextSitesPerName = 3;

void add_heading_row(TextTable& table, const std::vector<std::string>& head,
                     const TextStyle& style) {
    std::vector<std::string> styled;
    for (const auto& h : head) styled.push_back(style.emphasis(h));
    table.add_row(head, styled);
}

std::string thread_name(std::uint32_t tid) {
    return tid == 0 ? "window" : std::to_string(tid);
}

std::string rate(double bytes_per_s) {
    return format_bytes(static_cast<std::uint64_t>(bytes_per_s)) + "/s";
}

std::string more_note(std::size_t shown, std::size_t total, const char* what) {
    if (shown >= total) return "";
    return fmt::format("  ... {} more {} (--json lists them all)\n", total - shown, what);
}

std::string instances_text(const PhasesView& view, const TextStyle& style) {
    const auto& instances = view.figures.instances();
    std::string out =
        style.heading(fmt::format("Phases in time order ({})", instances.size())) + "\n";
    TextTable table({Align::kLeft, Align::kLeft, Align::kRight, Align::kRight, Align::kRight,
                     Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight,
                     Align::kRight, Align::kRight});
    add_heading_row(table,
                    {"PHASE", "THREAD", "BEGIN", "DURATION", "HEAP BEGIN", "HEAP END", "PEAK",
                     "ALLOCATED", "CALLS", "TEMPORARY", "LEFT BEHIND", "RSS CHANGE"},
                    style);
    const std::size_t shown = std::min(instances.size(), kTextRows);
    for (std::size_t i = 0; i < shown; ++i) {
        const analysis::PhaseInstance& p = instances[i];
        std::string name = std::string(2 * p.depth, ' ') + p.name;
        if (p.open_at_end) name += " (never ended)";
        table.add_row({name, thread_name(p.tid),
                       format_duration(since_start(p.begin_ns, view.start_ns)),
                       format_duration(p.end_ns - p.begin_ns), format_bytes(p.heap_begin_bytes),
                       format_bytes(p.heap_end_bytes), format_bytes(p.peak_heap_bytes),
                       format_bytes(p.allocated_bytes), format_count(p.allocation_calls),
                       format_count(p.temporary_allocations), format_bytes(p.left_behind_bytes),
                       p.has_rss ? format_signed_bytes(static_cast<std::int64_t>(p.rss_end_bytes) -
                                                       static_cast<std::int64_t>(p.rss_begin_bytes))
                                 : "-"});
    }
    out += table.render("  ") + more_note(shown, instances.size(), "phases");
    return out;
}

std::string names_text(const PhasesView& view, const TextStyle& style) {
    std::string out =
        style.heading("Phase names by memory intensity (bytes allocated per second)") + "\n";
    TextTable table({Align::kRight, Align::kLeft, Align::kRight, Align::kRight, Align::kRight,
                     Align::kRight, Align::kRight, Align::kRight});
    add_heading_row(
        table,
        {"#", "PHASE", "TIMES", "TOTAL TIME", "ALLOCATED", "INTENSITY", "PEAK", "LEFT BEHIND"},
        style);
    for (std::size_t i = 0; i < view.ranked.size(); ++i) {
        const analysis::PhaseNameTotals& n = *view.ranked[i].totals;
        table.add_row({std::to_string(i + 1), n.name, format_count(n.instances),
                       format_duration(n.duration_ns), format_bytes(n.allocated_bytes),
                       rate(n.intensity_bytes_per_s()), format_bytes(n.peak_heap_bytes),
                       format_bytes(n.left_behind_bytes)});
    }
    out += table.render("  ");
    for (std::size_t i = 0; i < view.ranked.size(); ++i) {
        const auto& sites = view.ranked[i].sites;
        if (sites.empty()) continue;
        out += fmt::format("  #{} {}: top sites by bytes allocated\n", i + 1,
                           view.ranked[i].totals->name);
        for (std::size_t s = 0; s < sites.size() && s < kTextSitesPerName; ++s)
            out += fmt::format("      {:>10}  {:>8} calls  {}\n",
                               format_bytes(sites[s].allocated_bytes),
                               format_count(sites[s].allocations), sites[s].location);
    }
    return out;
}

std::string transitions_text(const PhasesView& view, const TextStyle& style) {
    const auto& f = view.figures;
    if (f.transitions().empty()) return "";
    std::string out = style.heading("Transitions between consecutive outermost phases") + "\n";
    TextTable table({Align::kLeft, Align::kRight, Align::kRight, Align::kRight});
    add_heading_row(table, {"FROM -> TO", "GAP", "HEAP CHANGE IN GAP", "LEFT BEHIND BY FROM"},
                    style);
    const std::size_t shown = std::min(f.transitions().size(), kTextRows);
    for (std::size_t i = 0; i < shown; ++i) {
        const analysis::PhaseTransition& t = f.transitions()[i];
        table.add_row({f.instances()[t.from].name + " -> " + f.instances()[t.to].name,
                       format_duration(t.gap_ns), format_signed_bytes(t.heap_change),
                       format_bytes(t.left_behind_bytes)});
    }
    out += table.render("  ") + more_note(shown, f.transitions().size(), "transitions");
    return out;
}

std::string marks_text(const PhasesView& view, const TextStyle& style) {
    const auto& marks = view.figures.marks();
    if (marks.empty()) return "";
    std::string out = style.heading(fmt::format("Marks ({})", marks.size())) + "\n";
    TextTable table({Align::kRight, Align::kLeft, Align::kRight, Align::kLeft});
    add_heading_row(table, {"TIME", "THREAD", "HEAP", "LABEL"}, style);
    const std::size_t shown = std::min(marks.size(), kTextRows);
    for (std::size_t i = 0; i < shown; ++i)
        table.add_row({format_duration(since_start(marks[i].time_ns, view.start_ns)),
                       thread_name(marks[i].tid), format_bytes(marks[i].heap_bytes),
                       marks[i].label});
    out += table.render("  ") + more_note(shown, marks.size(), "marks");
    return out;
}

}  // namespace

std::string phases_text(const PhasesView& view, const TextStyle& style) {
    std::string out;
    if (view.truncated)
        out += style.warning("The trace is truncated (" + view.truncation_reason +
                             "): figures cover the recorded part only.") +
               "\n\n";
    const std::string estimated = estimate_note(view.sample_rate_bytes);
    if (!estimated.empty()) out += "Heap figures are " + estimated + ".\n\n";
    if (view.figures.instances().empty() && view.figures.marks().empty()) {
        out += "The trace has no phases and no marks (see docs/annotations.md).\n";
        return out;
    }
    if (!view.figures.instances().empty()) {
        out += instances_text(view, style) + "\n";
        out += names_text(view, style);
        if (const std::string t = transitions_text(view, style); !t.empty()) out += "\n" + t;
    }
    if (const std::string m = marks_text(view, style); !m.empty()) out += "\n" + m;
    return out;
}

}  // namespace memscope::report
