#include <fmt/format.h>

#include <cmath>

#include "report/pools_view.h"
#include "report/text_table.h"
#include "report/trace_time.h"
#include "report/units.h"

namespace memscope::report {

namespace {

using Align = TextTable::Align;

constexpr std::size_t kUtilisationColumns = 12;

std::string percent(double fraction) {
    return fmt::format("{:.1f}%", 100.0 * fraction);
}

std::string per_second(double rate) {
    return rate >= 100.0 ? format_count(static_cast<std::uint64_t>(rate)) + "/s"
                         : fmt::format("{:.2f}/s", rate);
}

// Occupancy as a share of capacity at evenly spread points of the series.
std::string utilisation_row(const analysis::Pool& p) {
    const auto points = p.occupancy.points();
    if (points.empty() || p.capacity_bytes == 0) return "-";
    std::string out;
    const std::size_t n = std::min(points.size(), kUtilisationColumns);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t at = n == 1 ? 0 : i * (points.size() - 1) / (n - 1);
        if (!out.empty()) out += ' ';
        out += fmt::format("{:.0f}%", 100.0 * static_cast<double>(points[at].value) /
                                          static_cast<double>(p.capacity_bytes));
    }
    return out;
}

std::string trend_text(const analysis::Pool& p) {
    const double slope = p.trend.slope_bytes_per_s();
    const double exhaustion = p.seconds_to_exhaustion();
    if (p.destroyed)
        return fmt::format("{}{}/s over its life (least squares); destroyed, so no projection",
                           slope < 0.0 ? "-" : "+",
                           format_bytes(static_cast<std::uint64_t>(std::fabs(slope))));
    if (exhaustion < 0.0) return "not trending up";
    const std::string climb =
        "+" + format_bytes(static_cast<std::uint64_t>(slope)) + "/s (least squares)";
    if (exhaustion == 0.0) return climb + ": at or beyond capacity already";
    return climb + ": full in " + format_duration(static_cast<std::uint64_t>(exhaustion * 1e9)) +
           " at this rate";
}

std::string pool_text(const analysis::Pool& p, std::uint64_t start_ns, const TextStyle& style) {
    std::string out = style.heading(fmt::format("Pool \"{}\" at {:#x}", p.name, p.address)) +
                      (p.destroyed ? "" : " (never destroyed)") + "\n";
    TextTable t({Align::kLeft, Align::kLeft});
    t.add_row({"capacity", format_bytes(p.capacity_bytes)});
    std::string high = format_bytes(p.high_water_bytes);
    if (p.capacity_bytes != 0)
        high += fmt::format(" ({} of capacity)", percent(static_cast<double>(p.high_water_bytes) /
                                                         static_cast<double>(p.capacity_bytes)));
    high += fmt::format(", {} at {}", plural(p.high_water_blocks, "block", "blocks"),
                        format_duration(since_start(p.high_water_ns, start_ns)));
    t.add_row({"high water", high});
    t.add_row({"in use at end",
               format_bytes(p.in_use_bytes) + ", " + plural(p.in_use_blocks, "block", "blocks")});
    t.add_row({"allocations",
               fmt::format("{} ({}), {} allocated", format_count(p.allocations),
                           per_second(p.alloc_rate_per_s()), format_bytes(p.allocated_bytes))});
    t.add_row(
        {"frees", fmt::format("{} ({})", format_count(p.frees), per_second(p.free_rate_per_s()))});
    t.add_row({"did not fit",
               p.overflow_allocations == 0
                   ? std::string("none")
                   : fmt::format("{} beyond capacity ({})",
                                 plural(p.overflow_allocations, "allocation", "allocations"),
                                 format_bytes(p.overflow_bytes))});
    if (p.unknown_frees != 0) t.add_row({"unknown frees", format_count(p.unknown_frees)});
    if (p.allocations != 0) {
        std::string sizes =
            p.smallest_block == p.largest_block
                ? "all " + format_bytes(p.largest_block)
                : format_bytes(p.smallest_block) + " to " + format_bytes(p.largest_block);
        if (p.smallest_block != p.largest_block)
            sizes += "; internal fragmentation at high water " +
                     percent(p.fragmentation_at_high_water) + " with slots of the largest block";
        t.add_row({"block sizes", sizes});
    }
    t.add_row({"utilisation", utilisation_row(p)});
    t.add_row({"trend", trend_text(p)});
    t.add_row({"recommended", fmt::format("{} (high water x (1 + cv), occupancy cv {:.2f})",
                                          format_bytes(p.recommended_capacity_bytes()),
                                          p.trend.coefficient_of_variation())});
    return out + t.render("  ") + "\n";
}

}  // namespace

std::string pools_text(const PoolsView& view, const TextStyle& style) {
    std::string out;
    if (view.truncated)
        out += style.warning("The trace is truncated (" + view.truncation_reason +
                             "): figures cover the recorded part only.") +
               "\n\n";
    const auto& pools = view.figures.pools();
    if (pools.empty()) {
        out += "The trace has no pools (see docs/annotations.md: memscope_pool_create).\n";
        return out;
    }
    for (const analysis::Pool& p : pools) out += pool_text(p, view.start_ns, style);
    if (view.figures.unknown_pool_events() != 0)
        out += fmt::format("\n{} pool events named no live pool.\n",
                           format_count(view.figures.unknown_pool_events()));
    return out;
}

}  // namespace memscope::report
