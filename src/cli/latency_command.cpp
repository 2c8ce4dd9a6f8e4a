#include <memory>

#include "analysis/call_latency.h"
#include "cli/aggregate_trace_guard.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "report/latency_json.h"
#include "report/latency_text.h"
#include "trace/trace_reader.h"

namespace memscope::cli {

namespace {

struct LatencyOptions {
    AnalysisOptions common;
    std::size_t outliers = 10;
    std::uint64_t slow_ns = format::kDefaultOutlierThresholdNs;
};

int run_latency(const LatencyOptions& options) {
    // The header decides how durations were kept, before any event is read.
    const trace::TraceHeader header = trace::TraceReader(options.common.trace).header();
    if (refuse_aggregate_trace(header, options.common.trace, "latency"))
        return kExitNotForAggregate;
    analysis::CallLatency latency(header.start_monotonic_ns, header.time_resolution_ns > 1,
                                  options.slow_ns);
    TraceSession session(options.common, &latency);
    latency.finish();
    std::vector<analysis::SymbolizedStack> stacks;
    for (const analysis::SlowCall& call : latency.slowest())
        stacks.push_back(call.stack != 0 ? session.stacks().stack(call.stack)
                                         : analysis::SymbolizedStack{});
    session.print_symbol_warnings();
    if (options.common.json)
        print_json(report::latency_json(session.path(), latency, stacks));
    else
        print_text(report::latency_text(latency, stacks, options.outliers,
                                        report::TextStyle::for_stream(1)));
    return 0;
}

}  // namespace

void register_latency_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<LatencyOptions>();
    CLI::App* sub = app.add_subcommand(
        "latency",
        "Allocator call durations: percentiles per function, size class and thread, the "
        "slowest calls with their stacks, and what to do about them");
    add_analysis_options(*sub, options->common);
    sub->add_option("--outliers", options->outliers, "Slowest calls to list in text (at most 20)")
        ->capture_default_str();
    sub->add_option("--slow-ns", options->slow_ns,
                    "With exact timing: calls at least this long (ns) count as slow")
        ->capture_default_str();
    sub->callback([options, &chosen] { chosen = [options] { return run_latency(*options); }; });
}

}  // namespace memscope::cli
