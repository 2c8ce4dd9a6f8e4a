// `memscope report TRACE -o report.html`: one self-contained HTML page with
// every view of a trace (summary, memory over time, flame graph, sites,
// leaks, size and latency histograms, threads). With --json, the page's data.
// The trace is read once: the report's own figures ride on the session's pass.
// An aggregate-mode trace holds per-site totals and no events: its page has
// the summary, flame graph, sites and leaks, and says why the rest is missing.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "analysis/leaks.h"
#include "analysis/report_figures.h"
#include "analysis/site_ranking.h"
#include "analysis/stack_tree.h"
#include "analysis/summary.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "report/html_page.h"
#include "report/report_data.h"

namespace memscope::cli {

namespace {

constexpr int kExitUsage = 2;
constexpr std::size_t kPeakStacks = 10;
constexpr std::size_t kSiteRows = 2000;  // the table shows 500 at once; filtering finds more
constexpr std::size_t kLeakGroups = 500;

struct ReportOptions {
    AnalysisOptions common;
    std::string output;
};

analysis::ReportTraceFacts facts_of(const trace::TraceHeader& header) {
    analysis::ReportTraceFacts facts;
    facts.page_size = header.page_size;
    facts.start_ns = header.start_monotonic_ns;
    facts.sample_rate_bytes =
        header.mode == format::RecordMode::kSampled ? header.sample_rate_bytes : 0;
    facts.compact_timing = header.time_resolution_ns > 1;
    return facts;
}

int run_report(const ReportOptions& options) {
    if (options.output.empty() && !options.common.json) {
        fmt::print(stderr, "memscope: error: name the page with -o FILE (or use --json)\n");
        return kExitUsage;
    }
    std::optional<analysis::ReportFigures> figures;
    TraceSession session(options.common,
                         [&figures](const trace::TraceHeader& header) -> trace::EventSink* {
                             if (header.mode == format::RecordMode::kAggregate) return nullptr;
                             return &figures.emplace(facts_of(header));
                         });
    if (figures) figures->finish(session.reader().end_time_ns());
    const analysis::Summary summary = analysis::summarize(
        session.path(), session.reader(), session.pass(), session.stacks(), kPeakStacks);
    const analysis::SiteRanking sites = analysis::rank_sites(
        session.reader(), session.pass(), session.stacks(), analysis::SiteMetric::kPeak, kSiteRows);
    const analysis::LeakReport leaks =
        analysis::find_leaks(session.reader(), session.pass(), session.stacks(), kLeakGroups);
    const analysis::StackTree tree = analysis::StackTree::build(
        session.pass(), session.stacks(), session.reader().header().executable);
    session.print_symbol_warnings();

    const nlohmann::ordered_json data = report::report_data(
        {summary, sites, leaks, tree, figures ? &*figures : nullptr, session.reader().threads()});
    if (options.common.json) {
        print_json(data);
        return 0;
    }
    const std::string title = "memscope: " + summary.executable;
    const std::string page = report::html_page(data, title);
    std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
    out.write(page.data(), static_cast<std::streamsize>(page.size()));
    out.close();
    if (!out) {
        fmt::print(stderr, "memscope: error: cannot write {}: {}\n", options.output,
                   std::strerror(errno));
        return kExitUsage;
    }
    fmt::print(stderr, "memscope: report written to {}\n", options.output);
    return 0;
}

}  // namespace

void register_report_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<ReportOptions>();
    CLI::App* sub = app.add_subcommand(
        "report", "Self-contained HTML report: memory over time, flame graph, sites, histograms");
    add_analysis_options(*sub, options->common);
    sub->add_option("-o,--output", options->output, "The HTML file to write")->type_name("FILE");
    sub->callback([options, &chosen] { chosen = [options] { return run_report(*options); }; });
}

}  // namespace memscope::cli
