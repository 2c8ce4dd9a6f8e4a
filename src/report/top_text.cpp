#include "report/top_text.h"

#include <fmt/format.h>

#include "report/estimate_marks.h"
#include "report/frame_text.h"
#include "report/text_table.h"
#include "report/units.h"

namespace memscope::report {

namespace {

using analysis::SiteMetric;
using Align = TextTable::Align;

const char* metric_title(SiteMetric m) {
    switch (m) {
        case SiteMetric::kPeak:
            return "memory held at the heap peak";
        case SiteMetric::kLeaked:
            return "leaked bytes";
        case SiteMetric::kAllocations:
            return "allocation calls";
        case SiteMetric::kTemporary:
            return "temporary allocations";
        case SiteMetric::kAllocated:
            return "bytes allocated";
    }
    return "";
}

}  // namespace

std::string top_text(const analysis::SiteRanking& r, const TextStyle& style) {
    std::string out;
    if (r.truncated) {
        out += style.warning("The trace is truncated (" + r.truncation_reason +
                             "): figures cover the recorded part only.") +
               "\n\n";
    }
    // Sites scoring 0 are listed in JSON (consumers may want every site) but
    // would only be noise in a table ranked by that score.
    std::size_t shown = 0;
    while (shown < r.sites.size() && r.sites[shown].value(r.by) > 0) ++shown;
    if (shown == 0) {
        out += fmt::format("No allocation site has any {}.\n", metric_title(r.by));
        return out;
    }
    const std::string estimated = estimate_note(r.sample_rate_bytes);
    out +=
        style.heading(fmt::format("Top {} of {} allocation sites by {}{}", shown, r.total_sites,
                                  metric_title(r.by), estimated.empty() ? "" : ", " + estimated)) +
        "\n";

    const SiteMetric columns[] = {SiteMetric::kPeak, SiteMetric::kLeaked, SiteMetric::kAllocations,
                                  SiteMetric::kTemporary, SiteMetric::kAllocated};
    const char* headers[] = {"PEAK", "LEAKED", "CALLS", "TEMPORARY", "ALLOCATED"};
    TextTable table({Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight,
                     Align::kRight, Align::kLeft});
    std::vector<std::string> head = {"#"};
    for (std::size_t c = 0; c < std::size(columns); ++c) head.push_back(headers[c]);
    head.push_back("SITE");
    std::vector<std::string> head_styled;
    for (const auto& h : head) head_styled.push_back(style.emphasis(h));
    table.add_row(head, head_styled);

    for (std::size_t i = 0; i < shown; ++i) {
        const auto& s = r.sites[i];
        std::vector<std::string> cells = {std::to_string(i + 1)};
        std::vector<std::string> styled = {cells[0]};
        for (const SiteMetric m : columns) {
            const std::uint64_t v = s.value(m);
            const bool bytes =
                m == SiteMetric::kPeak || m == SiteMetric::kLeaked || m == SiteMetric::kAllocated;
            cells.push_back(bytes ? format_bytes(v) : format_count(v));
            styled.push_back(m == r.by ? style.emphasis(cells.back()) : cells.back());
        }
        cells.push_back(s.location);
        styled.push_back(s.location);
        table.add_row(std::move(cells), std::move(styled));
    }
    out += table.render("  ");

    out += "\n" + style.heading("Heaviest stack of each site") + "\n";
    for (std::size_t i = 0; i < shown; ++i) {
        out += fmt::format("  #{} {}\n", i + 1, r.sites[i].location);
        out += stack_text(r.sites[i].stack, style, "      ");
    }
    return out;
}

}  // namespace memscope::report
