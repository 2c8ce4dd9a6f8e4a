// The HTML and SVG outputs keep trace strings as text: markup in a function
// name is escaped (SVG, <title>) or \u-escaped inside the JSON data element.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/stack_tree.h"
#include "report/html_page.h"
#include "report/markup_escape.h"
#include "report/report_data.h"
#include "report/svg_flamegraph.h"

namespace memscope::report {
namespace {

constexpr const char* kHostile = "evil<script>alert(1)</script>\"&'q'";

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

analysis::StackTree hostile_tree() {
    analysis::StackTree tree;
    analysis::ResolvedFrame inner;
    inner.symbol.function = kHostile;
    inner.symbol.module = "/usr/bin/app<1>";
    inner.symbol.file = "/src/a&b.cpp";
    analysis::ResolvedFrame outer;
    outer.symbol.function = "main";
    outer.symbol.module = "/usr/bin/app<1>";
    std::array<std::uint64_t, analysis::kSiteMetricCount> figures{};
    figures.fill(100);
    tree.add({inner, outer}, figures, "/usr/bin/app<1>");  // innermost first
    figures.fill(50);
    tree.add({outer}, figures, "/usr/bin/app<1>");
    return tree;
}

TEST(MarkupEscape, EscapesEveryMarkupCharacter) {
    EXPECT_EQ(markup_escape("a<b>&\"'c"), "a&lt;b&gt;&amp;&quot;&#39;c");
    EXPECT_EQ(markup_escape("tab\there\x01"), "tab\there");  // control characters dropped
    EXPECT_EQ(markup_escape("caf\xC3\xA9"), "caf\xC3\xA9");  // valid UTF-8 kept
}

TEST(MarkupEscape, InvalidUtf8BecomesReplacementCharacter) {
    EXPECT_EQ(valid_utf8("a\xFF"
                         "b"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
    EXPECT_EQ(valid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // cut short
}

TEST(ScriptElementJson, NoTraceStringCanCloseTheElement) {
    const nlohmann::ordered_json data{{"name", "</script><!-- & -->"}};
    const std::string text = json_for_script_element(data);
    EXPECT_EQ(text.find('<'), std::string::npos);
    EXPECT_EQ(text.find('>'), std::string::npos);
    EXPECT_EQ(text.find('&'), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(text)["name"], "</script><!-- & -->");
}

TEST(HtmlPage, HoldsTheDataAsEscapedJson) {
    const auto tree = hostile_tree();
    const auto data = flamegraph_data(tree, analysis::SiteMetric::kPeak, kHostile, kHostile);
    const std::string page = html_page(data, kHostile);
    EXPECT_EQ(page.find("<script>alert"), std::string::npos);
    EXPECT_EQ(page.find("</script>\"&"), std::string::npos);
    EXPECT_NE(
        page.find("<title>evil&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;q&#39;</title>"),
        std::string::npos);
    EXPECT_NE(page.find("Content-Security-Policy"), std::string::npos);
    // Two script elements: the data and the bundled front end.
    EXPECT_EQ(count_of(page, "<script"), 2u);
    EXPECT_EQ(count_of(page, "</script>"), 2u);

    const auto start =
        page.find("id=\"memscope-data\">") + std::string("id=\"memscope-data\">").size();
    const auto end = page.find("</script>", start);
    const auto parsed = nlohmann::json::parse(page.substr(start, end - start));
    EXPECT_EQ(parsed["page"], "flamegraph");
    EXPECT_EQ(parsed["flame"]["root"]["c"][0]["n"], "main");
    EXPECT_EQ(parsed["flame"]["root"]["c"][0]["c"][0]["n"], kHostile);
}

TEST(StackTreeJson, CarriesEveryMetricAndPrunesNothingLarge) {
    const auto json = stack_tree_json(hostile_tree());
    EXPECT_EQ(json["metrics"].size(), analysis::kSiteMetricCount);
    EXPECT_EQ(json["root"]["v"][0], 150u);
    EXPECT_EQ(json["nodes"], 3u);
    EXPECT_EQ(json["pruned"], 0u);
    EXPECT_EQ(json["modules"][json["root"]["c"][0]["m"].get<std::size_t>()], "/usr/bin/app<1>");
    EXPECT_EQ(json["kinds"][json["root"]["c"][0]["k"].get<std::size_t>()], "program");
}

TEST(SvgFlamegraph, EscapesNamesAndGivesEveryFrameATooltip) {
    SvgFlamegraphOptions options;
    options.title = std::string("title ") + kHostile;
    options.subtitle = "app --name=<x>";
    const std::string svg =
        svg_flamegraph(hostile_tree(), analysis::SiteMetric::kAllocated, options);
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("width=\"1200\""), std::string::npos);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("\"&'"), std::string::npos);
    EXPECT_NE(svg.find("evil&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;q&#39;"),
              std::string::npos);
    EXPECT_NE(svg.find("module: /usr/bin/app&lt;1&gt;"), std::string::npos);
    EXPECT_NE(svg.find("file: /src/a&amp;b.cpp"), std::string::npos);
    // root, main and the hostile frame: each a group with a tooltip.
    EXPECT_EQ(count_of(svg, "<g class=\"frame\">"), 3u);
    EXPECT_EQ(count_of(svg, "<title>"), 3u);
    EXPECT_EQ(count_of(svg, "</g>"), 3u);
    // No raw ampersand: every '&' starts an entity.
    for (std::size_t at = svg.find('&'); at != std::string::npos; at = svg.find('&', at + 1)) {
        const std::string entity = svg.substr(at, svg.find(';', at) - at + 1);
        EXPECT_TRUE(entity == "&amp;" || entity == "&lt;" || entity == "&gt;" ||
                    entity == "&quot;" || entity == "&#39;")
            << entity;
    }
}

TEST(SvgFlamegraph, EmptyMetricDrawsOnlyTheRoot) {
    analysis::StackTree empty;
    const std::string svg = svg_flamegraph(empty, analysis::SiteMetric::kLeaked, {});
    EXPECT_EQ(count_of(svg, "<g class=\"frame\">"), 1u);
    EXPECT_NE(svg.find("0 B in total"), std::string::npos);
}

TEST(SvgFlamegraph, MetricValuesUseUnits) {
    EXPECT_EQ(format_metric_value(analysis::SiteMetric::kPeak, 2048), "2.00 KiB");
    EXPECT_EQ(format_metric_value(analysis::SiteMetric::kAllocations, 1234567), "1,234,567");
}

}  // namespace
}  // namespace memscope::report
