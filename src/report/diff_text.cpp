#include "report/diff_text.h"

#include <fmt/format.h>

#include "analysis/allocation_site.h"
#include "report/signed_units.h"
#include "report/text_table.h"
#include "report/units.h"

namespace memscope::report {

namespace {

using analysis::SiteMetric;
using Align = TextTable::Align;

struct TotalRow {
    const char* label;
    std::uint64_t analysis::Summary::*field;
    bool bytes;
};

constexpr TotalRow kTotals[] = {
    {"peak heap", &analysis::Summary::peak_heap_bytes, true},
    {"peak RSS", &analysis::Summary::peak_rss_bytes, true},
    {"leaked", &analysis::Summary::leaked_bytes, true},
    {"allocation calls", &analysis::Summary::allocation_calls, false},
    {"bytes allocated", &analysis::Summary::allocated_bytes, true},
    {"temporary allocations", &analysis::Summary::temporary_allocations, false},
};

// The site and, to tell apart sites reached through different callers, up to
// two caller functions.
std::string site_label(const analysis::SymbolizedStack& stack) {
    const analysis::ResolvedFrame* site = analysis::site_frame(stack);
    std::string label = analysis::site_location(site);
    if (site == nullptr) return label;
    int callers = 0;
    for (const auto* f = site + 1; f < stack.data() + stack.size(); ++f) {
        if (f->symbol.inlined) continue;
        if (callers == 2) {
            label += " <- ...";
            break;
        }
        label += " <- " + (f->symbol.function.empty() ? f->symbol.to_string() : f->symbol.function);
        ++callers;
    }
    return label;
}

std::string styled_change(const std::string& text, std::int64_t change, const TextStyle& style) {
    // Growth is what a diff is read for; shrinking and no change stay plain.
    return change > 0 ? style.warning(text) : text;
}

}  // namespace

std::string diff_text(const analysis::SiteDiff& diff, std::size_t limit, const TextStyle& style) {
    std::string out;
    if (diff.base.truncated || diff.next.truncated)
        out += style.warning("A trace is truncated: its figures cover the recorded part only.") +
               "\n\n";
    out += style.heading(fmt::format("Changes from {} (base) to {} (new)", diff.base.trace_path,
                                     diff.next.trace_path)) +
           "\n";

    TextTable totals({Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight});
    totals.add_row(
        {"", "BASE", "NEW", "CHANGE", ""},
        {"", style.emphasis("BASE"), style.emphasis("NEW"), style.emphasis("CHANGE"), ""});
    for (const TotalRow& t : kTotals) {
        const std::uint64_t a = diff.base.*t.field;
        const std::uint64_t b = diff.next.*t.field;
        const std::int64_t change = analysis::signed_change(a, b);
        const std::string changed =
            t.bytes ? format_signed_bytes(change) : format_signed_count(change);
        const std::string pct = format_percent_change(a, b);
        totals.add_row({t.label, t.bytes ? format_bytes(a) : format_count(a),
                        t.bytes ? format_bytes(b) : format_count(b), changed, pct},
                       {t.label, t.bytes ? format_bytes(a) : format_count(a),
                        t.bytes ? format_bytes(b) : format_count(b),
                        styled_change(changed, change, style), pct});
    }
    out += totals.render("  ");

    const std::size_t shown = limit == 0 ? diff.sites.size() : std::min(limit, diff.sites.size());
    out += "\n";
    if (diff.sites.empty()) {
        out +=
            fmt::format("No allocation site changed ({} sites compared).\n", diff.unchanged_sites);
        return out;
    }
    out += style.heading(fmt::format("{} of {} changed sites ({} unchanged), by change of {}",
                                     shown, diff.sites.size(), diff.unchanged_sites,
                                     analysis::site_metric_name(diff.by))) +
           "\n";
    const SiteMetric columns[] = {SiteMetric::kPeak, SiteMetric::kLeaked, SiteMetric::kAllocations,
                                  SiteMetric::kTemporary, SiteMetric::kAllocated};
    const char* headers[] = {"PEAK", "LEAKED", "CALLS", "TEMPORARY", "ALLOCATED"};
    TextTable sites({Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight,
                     Align::kLeft, Align::kLeft});
    std::vector<std::string> head(std::begin(headers), std::end(headers));
    head.push_back("");
    head.push_back("SITE");
    std::vector<std::string> head_styled;
    for (const auto& h : head) head_styled.push_back(style.emphasis(h));
    sites.add_row(head, head_styled);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& s = diff.sites[i];
        std::vector<std::string> cells;
        std::vector<std::string> styled;
        for (const SiteMetric m : columns) {
            const std::int64_t change = s.change(m);
            const bool bytes =
                m == SiteMetric::kPeak || m == SiteMetric::kLeaked || m == SiteMetric::kAllocated;
            cells.push_back(bytes ? format_signed_bytes(change) : format_signed_count(change));
            styled.push_back(m == diff.by ? style.emphasis(cells.back())
                                          : styled_change(cells.back(), change, style));
        }
        cells.push_back(!s.in_base ? "new" : !s.in_new ? "gone" : "");
        styled.push_back(cells.back());
        cells.push_back(site_label(s.stack));
        styled.push_back(cells.back());
        sites.add_row(std::move(cells), std::move(styled));
    }
    out += sites.render("  ");
    return out;
}

}  // namespace memscope::report
