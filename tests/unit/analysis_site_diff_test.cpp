#include <gtest/gtest.h>

#include "analysis/site_diff.h"
#include "report/diff_json.h"
#include "report/diff_text.h"
#include "report/signed_units.h"

namespace memscope::analysis {
namespace {

ResolvedFrame frame(std::uint64_t address, std::string function, std::string file,
                    std::uint32_t line, std::string module) {
    ResolvedFrame f;
    f.address = address;
    f.symbol.function = std::move(function);
    f.symbol.file = std::move(file);
    f.symbol.line = line;
    f.symbol.module = std::move(module);
    return f;
}

StackMetrics row(SymbolizedStack stack, std::uint64_t peak, std::uint64_t allocations) {
    StackMetrics m;
    m.stack = std::move(stack);
    m.peak_bytes = peak;
    m.allocated_bytes = peak;
    m.allocations = allocations;
    return m;
}

TEST(SiteDiff, KeyIgnoresAddressesLinesFilesAndDirectories) {
    const SymbolizedStack a = {frame(0x1000, "load", "/build1/src/io.c", 10, "/build1/app"),
                               frame(0x2000, "main", "/build1/src/main.c", 5, "/build1/app")};
    const SymbolizedStack b = {frame(0x5000, "load", "/build2/src/io.c", 14, "/opt/app"),
                               frame(0x6000, "main", "/build2/src/main.c", 7, "/opt/app")};
    EXPECT_EQ(diff_key(a), diff_key(b));
    const SymbolizedStack other_caller = {frame(0x1000, "load", "", 0, "/build1/app"),
                                          frame(0x3000, "init", "", 0, "/build1/app")};
    EXPECT_NE(diff_key(a), diff_key(other_caller));
    const SymbolizedStack other_module = {frame(0x1000, "load", "", 0, "/build1/libio.so"),
                                          frame(0x2000, "main", "", 0, "/build1/app")};
    EXPECT_NE(diff_key(a), diff_key(other_module));
}

TEST(SiteDiff, ChangesAreNewMinusBaseSortedByMagnitude) {
    const SymbolizedStack grow = {frame(1, "grow", "g.c", 1, "/a/app"),
                                  frame(2, "main", "m.c", 1, "/a/app")};
    const SymbolizedStack shrink = {frame(3, "shrink", "s.c", 1, "/a/app"),
                                    frame(2, "main", "m.c", 1, "/a/app")};
    const SymbolizedStack same = {frame(4, "same", "s.c", 1, "/a/app")};
    const SymbolizedStack gone = {frame(5, "gone", "s.c", 1, "/a/app")};
    const SymbolizedStack added = {frame(6, "added", "s.c", 1, "/a/app")};
    StackMetricsTable base;
    base.rows = {row(grow, 100, 1), row(shrink, 5000, 5), row(same, 10, 1), row(gone, 300, 3)};
    StackMetricsTable next;
    next.rows = {row(grow, 2100, 3), row(shrink, 1000, 1), row(same, 10, 1), row(added, 50, 1)};
    Summary sb, sn;
    sb.peak_heap_bytes = 5410;
    sn.peak_heap_bytes = 3160;
    const SiteDiff d = diff_sites(sb, base, sn, next, SiteMetric::kPeak);
    ASSERT_EQ(d.sites.size(), 4u);
    EXPECT_EQ(d.unchanged_sites, 1u);
    EXPECT_EQ(d.sites[0].stack[0].symbol.function, "shrink");
    EXPECT_EQ(d.sites[0].change(SiteMetric::kPeak), -4000);
    EXPECT_EQ(d.sites[1].stack[0].symbol.function, "grow");
    EXPECT_EQ(d.sites[1].change(SiteMetric::kPeak), 2000);
    EXPECT_EQ(d.sites[1].change(SiteMetric::kAllocations), 2);
    EXPECT_EQ(d.sites[2].stack[0].symbol.function, "gone");
    EXPECT_FALSE(d.sites[2].in_new);
    EXPECT_EQ(d.sites[3].stack[0].symbol.function, "added");
    EXPECT_FALSE(d.sites[3].in_base);

    const auto json = report::diff_json(d, 0);
    EXPECT_EQ(json["totals"]["peak_heap_bytes"], -2250);
    EXPECT_EQ(json["sites"][0]["change"]["peak_bytes"], -4000);
    EXPECT_EQ(json["sites"][2]["status"], "removed");
    EXPECT_EQ(json["sites"][3]["status"], "added");
    EXPECT_EQ(report::diff_json(d, 2)["sites"].size(), 2u);

    const std::string text = report::diff_text(d, 0, report::TextStyle(false));
    EXPECT_NE(text.find("-3.91 KiB"), std::string::npos) << text;
    EXPECT_NE(text.find("+1.95 KiB"), std::string::npos) << text;
    EXPECT_NE(text.find("grow at g.c:1 <- main"), std::string::npos) << text;
}

TEST(SiteDiff, SignedChangeSaturates) {
    EXPECT_EQ(signed_change(0, UINT64_MAX), INT64_MAX);
    EXPECT_EQ(signed_change(UINT64_MAX, 0), -INT64_MAX);
    EXPECT_EQ(signed_change(7, 7), 0);
}

TEST(SignedUnits, SignsAndZero) {
    EXPECT_EQ(report::format_signed_bytes(0), "0 B");
    EXPECT_EQ(report::format_signed_bytes(-200), "-200 B");
    EXPECT_EQ(report::format_signed_bytes(1536 * 1024), "+1.50 MiB");
    EXPECT_EQ(report::format_signed_bytes(INT64_MIN).substr(0, 1), "-");
    EXPECT_EQ(report::format_signed_count(1234), "+1,234");
    EXPECT_EQ(report::format_percent_change(100, 125), "+25.0%");
    EXPECT_EQ(report::format_percent_change(100, 50), "-50.0%");
    EXPECT_EQ(report::format_percent_change(100, 100), "0.0%");
    EXPECT_EQ(report::format_percent_change(0, 0), "0.0%");
    EXPECT_EQ(report::format_percent_change(0, 5), "new");
}

}  // namespace
}  // namespace memscope::analysis
