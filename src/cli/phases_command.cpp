// `memscope phases TRACE [--json]`: what each phase cost (docs/cli.md).
#include <memory>

#include "analysis/phase_figures.h"
#include "cli/aggregate_trace_guard.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "report/phases_view.h"

namespace memscope::cli {

namespace {

constexpr std::size_t kSitesPerPhaseName = 10;

int run_phases(const AnalysisOptions& options) {
    if (refuse_aggregate_trace(options.trace, "phases")) return kExitNotForAggregate;
    TraceSession session(options);
    // The phase figures need the heap at every phase boundary: a pass of their
    // own, as the report does for its timeline.
    trace::TraceReader reader(session.path());
    const std::uint64_t sample_rate = reader.header().mode == format::RecordMode::kSampled
                                          ? reader.header().sample_rate_bytes
                                          : 0;
    analysis::PhaseFigures figures(sample_rate);
    reader.read_events(figures);
    figures.finish(reader.end_time_ns());

    report::PhasesView view{figures,
                            {},
                            reader.header().start_monotonic_ns,
                            sample_rate,
                            reader.truncated(),
                            reader.truncation_reason()};
    for (const analysis::PhaseNameTotals* n : figures.names_by_intensity())
        view.ranked.push_back(
            {n, analysis::top_phase_sites(*n, session.stacks(), kSitesPerPhaseName)});
    session.print_symbol_warnings();
    if (options.json)
        print_json(report::phases_json(view));
    else
        print_text(report::phases_text(view, report::TextStyle::for_stream(1)));
    return 0;
}

}  // namespace

void register_phases_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<AnalysisOptions>();
    CLI::App* sub = app.add_subcommand(
        "phases", "Phases and marks: heap, peak, allocations and sites per phase");
    add_analysis_options(*sub, *options);
    sub->callback([options, &chosen] { chosen = [options] { return run_phases(*options); }; });
}

}  // namespace memscope::cli
