#include <memory>

#include "analysis/summary.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "report/summary_json.h"
#include "report/summary_text.h"

namespace memscope::cli {

namespace {

struct SummaryOptions {
    AnalysisOptions common;
    std::size_t stacks = 5;
};

int run_summary(const SummaryOptions& options) {
    TraceSession session(options.common);
    const analysis::Summary summary = analysis::summarize(
        session.path(), session.reader(), session.pass(), session.stacks(), options.stacks);
    session.print_symbol_warnings();
    if (options.common.json)
        print_json(report::summary_json(summary));
    else
        print_text(report::summary_text(summary, report::TextStyle::for_stream(1)));
    return 0;
}

}  // namespace

void register_summary_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<SummaryOptions>();
    CLI::App* sub = app.add_subcommand(
        "summary", "Peak heap and the stacks behind it, RSS, calls, temporaries, leaks");
    add_analysis_options(*sub, options->common);
    sub->add_option("-n,--stacks", options->stacks, "Stacks to show at the peak (0 = all)")
        ->capture_default_str();
    sub->callback([options, &chosen] { chosen = [options] { return run_summary(*options); }; });
}

}  // namespace memscope::cli
