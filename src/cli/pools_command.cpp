// `memscope pools TRACE [--json]`: the program's annotated memory pools
// (docs/cli.md). Pools need no symbols, so the trace is read once, here.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "analysis/pool_figures.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "report/pools_view.h"
#include "trace/trace_reader.h"

namespace memscope::cli {

namespace {

int run_pools(const AnalysisOptions& options) {
    trace::TraceReader reader(options.trace);
    analysis::PoolFigures figures(reader.header().start_monotonic_ns);
    reader.read_events(figures);
    figures.finish(reader.end_time_ns());
    if (reader.truncated())
        fmt::print(stderr,
                   "memscope: warning: {} is truncated ({}); figures cover the recorded part "
                   "only\n",
                   options.trace, reader.truncation_reason());
    const report::PoolsView view{figures, reader.header().start_monotonic_ns, reader.truncated(),
                                 reader.truncation_reason()};
    if (options.json)
        print_json(report::pools_json(view));
    else
        print_text(report::pools_text(view, report::TextStyle::for_stream(1)));
    return 0;
}

}  // namespace

void register_pools_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<AnalysisOptions>();
    CLI::App* sub = app.add_subcommand(
        "pools", "Annotated memory pools: high water, overflows, trend, recommended capacity");
    sub->add_option("trace", options->trace, "Trace file written by `memscope run`")
        ->required()
        ->type_name("TRACE");
    sub->add_flag("--json", options->json, "Print one JSON object instead of text");
    sub->callback([options, &chosen] { chosen = [options] { return run_pools(*options); }; });
}

}  // namespace memscope::cli
