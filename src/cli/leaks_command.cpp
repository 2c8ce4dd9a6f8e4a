#include <memory>

#include "analysis/leaks.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "report/leaks_json.h"
#include "report/leaks_text.h"

namespace memscope::cli {

namespace {

struct LeaksOptions {
    AnalysisOptions common;
    std::size_t limit = 0;
};

int run_leaks(const LeaksOptions& options) {
    TraceSession session(options.common);
    const analysis::LeakReport leaks =
        analysis::find_leaks(session.reader(), session.pass(), session.stacks(), options.limit);
    session.print_symbol_warnings();
    if (options.common.json)
        print_json(report::leaks_json(leaks));
    else
        print_text(report::leaks_text(leaks, report::TextStyle::for_stream(1)));
    return 0;
}

}  // namespace

void register_leaks_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<LeaksOptions>();
    CLI::App* sub = app.add_subcommand(
        "leaks", "Heap blocks never freed, grouped by allocation stack, with full stacks");
    add_analysis_options(*sub, options->common);
    sub->add_option("-n,--limit", options->limit, "Stacks to show, largest first (0 = all)")
        ->capture_default_str();
    sub->callback([options, &chosen] { chosen = [options] { return run_leaks(*options); }; });
}

}  // namespace memscope::cli
