// `memscope flamegraph TRACE -o out.svg|out.html [--metric M] [--title T]`:
// the allocation stacks as a flame graph, a static SVG written here or an
// interactive page with the report's flame graph.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "analysis/site_ranking.h"
#include "analysis/stack_tree.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "report/html_page.h"
#include "report/report_data.h"
#include "report/svg_flamegraph.h"

namespace memscope::cli {

namespace {

constexpr int kExitUsage = 2;

struct FlamegraphOptions {
    AnalysisOptions common;
    std::string output;
    std::string metric = "peak";
    std::string title;
};

bool ends_with_ignoring_case(const std::string& text, std::string_view suffix) {
    if (text.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        const char c = text[text.size() - suffix.size() + i];
        if (std::tolower(static_cast<unsigned char>(c)) != suffix[i]) return false;
    }
    return true;
}

int run_flamegraph(const FlamegraphOptions& options) {
    const bool svg = ends_with_ignoring_case(options.output, ".svg");
    const bool html = ends_with_ignoring_case(options.output, ".html") ||
                      ends_with_ignoring_case(options.output, ".htm");
    if (!options.common.json && !svg && !html) {
        fmt::print(stderr,
                   "memscope: error: the output must end in .svg or .html (got '{}'), or use "
                   "--json\n",
                   options.output);
        return kExitUsage;
    }
    TraceSession session(options.common);
    // The option's validator already restricted the name to known metrics.
    const analysis::SiteMetric metric =
        analysis::parse_site_metric(options.metric).value_or(analysis::SiteMetric::kPeak);
    const trace::TraceHeader& header = session.reader().header();
    const analysis::StackTree tree =
        analysis::StackTree::build(session.pass(), session.stacks(), header.executable);
    session.print_symbol_warnings();

    std::string command;
    for (const std::string& arg : header.command_line)
        command += (command.empty() ? "" : " ") + arg;
    const std::string title =
        options.title.empty() ? "memscope flame graph: " + header.executable : options.title;
    if (options.common.json) {
        print_json(report::flamegraph_data(tree, metric, title, command));
        return 0;
    }
    std::string bytes;
    if (svg) {
        report::SvgFlamegraphOptions svg_options;
        svg_options.title = title;
        svg_options.subtitle = command;
        bytes = report::svg_flamegraph(tree, metric, svg_options);
    } else {
        bytes = report::html_page(report::flamegraph_data(tree, metric, title, command), title);
    }
    std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        fmt::print(stderr, "memscope: error: cannot write {}: {}\n", options.output,
                   std::strerror(errno));
        return kExitUsage;
    }
    fmt::print(stderr, "memscope: flame graph written to {}\n", options.output);
    return 0;
}

}  // namespace

void register_flamegraph_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<FlamegraphOptions>();
    CLI::App* sub = app.add_subcommand(
        "flamegraph", "Flame graph of the allocation stacks, as SVG or an interactive HTML page");
    add_analysis_options(*sub, options->common);
    sub->add_option("-o,--output", options->output, "out.svg or out.html")->type_name("FILE");
    sub->add_option("--metric", options->metric, "Frame widths")
        ->check(CLI::IsMember({"peak", "leaked", "allocated", "allocations", "temporary"}))
        ->capture_default_str();
    sub->add_option("--title", options->title, "Title shown above the graph")->type_name("T");
    sub->callback([options, &chosen] { chosen = [options] { return run_flamegraph(*options); }; });
}

}  // namespace memscope::cli
