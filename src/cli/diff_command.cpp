// `memscope diff BASE NEW`: per-site changes between two traces of one
// program (two runs, or two builds), NEW minus BASE.
#include <memory>
#include <string>

#include "analysis/site_diff.h"
#include "analysis/stack_metrics.h"
#include "analysis/summary.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "report/diff_json.h"
#include "report/diff_text.h"

namespace memscope::cli {

namespace {

struct DiffOptions {
    AnalysisOptions common;  // common.trace is BASE
    std::string next_trace;
    std::string by = "peak";
    std::size_t limit = 20;
};

struct AnalysedTrace {
    analysis::Summary summary;
    analysis::StackMetricsTable table;
};

AnalysedTrace analyse(const AnalysisOptions& options) {
    TraceSession session(options);
    AnalysedTrace out;
    out.table = analysis::collect_stack_metrics(session.reader(), session.pass(), session.stacks());
    out.summary = analysis::summarize(session.path(), session.reader(), session.pass(),
                                      session.stacks(), /*stack_count=*/1);
    session.print_symbol_warnings();
    return out;
}

int run_diff(const DiffOptions& options) {
    AnalysisOptions next_options = options.common;
    next_options.trace = options.next_trace;
    // Both traces are opened before any work, so a bad second path fails fast.
    AnalysedTrace base = analyse(options.common);
    AnalysedTrace next = analyse(next_options);
    const analysis::SiteMetric by =
        analysis::parse_site_metric(options.by).value_or(analysis::SiteMetric::kPeak);
    const analysis::SiteDiff diff = analysis::diff_sites(std::move(base.summary), base.table,
                                                         std::move(next.summary), next.table, by);
    if (options.common.json)
        print_json(report::diff_json(diff, options.limit));
    else
        print_text(report::diff_text(diff, options.limit, report::TextStyle::for_stream(1)));
    return 0;
}

}  // namespace

void register_diff_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<DiffOptions>();
    CLI::App* sub = app.add_subcommand(
        "diff", "Per-site changes between two traces of one program (NEW minus BASE)");
    sub->add_option("base", options->common.trace, "The earlier trace")
        ->required()
        ->type_name("BASE");
    sub->add_option("new", options->next_trace, "The later trace")->required()->type_name("NEW");
    sub->add_flag("--json", options->common.json, "Print one JSON object instead of text");
    sub->add_option("--by", options->by, "Sort sites by the absolute change of this metric")
        ->check(CLI::IsMember({"peak", "leaked", "allocations", "temporary", "allocated"}))
        ->capture_default_str();
    sub->add_option("-n,--limit", options->limit, "Changed sites to show (0 = all)")
        ->capture_default_str();
    add_symbol_options(*sub, options->common);
    sub->callback([options, &chosen] { chosen = [options] { return run_diff(*options); }; });
}

}  // namespace memscope::cli
