// `memscope export TRACE --format F -o FILE`: the trace's stacks and metrics
// in formats other tools read (pprof, folded stacks, speedscope, JSON, CSV).
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "analysis/stack_metrics.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/trace_session.h"
#include "report/export_folded.h"
#include "report/export_pprof.h"
#include "report/export_sites_table.h"
#include "report/export_speedscope.h"

namespace memscope::cli {

namespace {

constexpr int kExitUsage = 2;

struct ExportOptions {
    AnalysisOptions common;
    std::string format;
    std::string output = "-";
    std::string metric = "allocated";
};

std::string render(const ExportOptions& options, TraceSession& session,
                   const analysis::StackMetricsTable& table, analysis::SiteMetric metric) {
    const auto json_text = [](const nlohmann::ordered_json& j) {
        return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    };
    if (options.format == "pprof") {
        const trace::TraceHeader& h = session.reader().header();
        report::PprofContext context;
        context.executable = h.executable;
        context.modules = session.reader().modules();
        context.start_realtime_ns = h.start_realtime_ns;
        const std::uint64_t end = session.reader().end_time_ns();
        context.duration_ns = end > h.start_monotonic_ns ? end - h.start_monotonic_ns : 0;
        context.comments.push_back(fmt::format("memscope {} {}", MEMSCOPE_VERSION, session.path()));
        return report::pprof_profile(table, context, metric);
    }
    if (options.format == "folded") return report::folded_stacks(table, metric);
    if (options.format == "speedscope")
        return json_text(report::speedscope_file(table, session.path(), metric,
                                                 std::string("memscope ") + MEMSCOPE_VERSION));
    if (options.format == "csv") return report::sites_table_csv(table);
    return json_text(report::sites_table_json(table, session.path()));
}

bool write_output(const std::string& path, const std::string& bytes) {
    if (path == "-") {
        const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), stdout) == bytes.size();
        return std::fflush(stdout) == 0 && ok;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    return static_cast<bool>(out);
}

int run_export(const ExportOptions& options) {
    if (options.format == "pprof" && options.output == "-" && ::isatty(1) == 1) {
        fmt::print(stderr,
                   "memscope: error: pprof profiles are binary; name a file with -o FILE\n");
        return kExitUsage;
    }
    TraceSession session(options.common);
    const analysis::SiteMetric metric =
        analysis::parse_site_metric(options.metric).value_or(analysis::SiteMetric::kAllocated);
    const analysis::StackMetricsTable table =
        analysis::collect_stack_metrics(session.reader(), session.pass(), session.stacks());
    session.print_symbol_warnings();
    const std::string bytes = render(options, session, table, metric);
    errno = 0;
    if (!write_output(options.output, bytes)) {
        fmt::print(stderr, "memscope: error: cannot write {}: {}\n", options.output,
                   errno != 0 ? std::strerror(errno) : "write failed");
        return kExitUsage;
    }
    return 0;
}

}  // namespace

void register_export_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<ExportOptions>();
    CLI::App* sub = app.add_subcommand(
        "export", "Write the trace's stacks and metrics as pprof, folded, speedscope, JSON or CSV");
    sub->add_option("trace", options->common.trace, "Trace file written by `memscope run`")
        ->required()
        ->type_name("TRACE");
    sub->add_option("-f,--format", options->format, "Output format")
        ->required()
        ->check(CLI::IsMember({"pprof", "folded", "speedscope", "json", "csv"}));
    sub->add_option("-o,--output", options->output, "Output file ('-' = stdout)")
        ->capture_default_str()
        ->type_name("FILE");
    sub->add_option("--metric", options->metric,
                    "Value of folded stacks; the profile shown first in pprof and speedscope")
        ->check(CLI::IsMember({"peak", "leaked", "allocations", "temporary", "allocated"}))
        ->capture_default_str();
    add_symbol_options(*sub, options->common);
    sub->callback([options, &chosen] { chosen = [options] { return run_export(*options); }; });
}

}  // namespace memscope::cli
