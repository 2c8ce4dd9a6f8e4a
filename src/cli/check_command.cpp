// `memscope check TRACE --max-peak SIZE ...`: a CI gate. Exit 0 when every
// limit holds, 1 when any is exceeded (one line per limit on stderr), 2 on bad
// usage or input that is not a trace.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "analysis/byte_size.h"
#include "analysis/limit_check.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/size_validators.h"
#include "cli/trace_session.h"
#include "report/check_report.h"

namespace memscope::cli {

namespace {

constexpr int kExitPassed = 0;
constexpr int kExitLimitExceeded = 1;
constexpr int kExitUsage = 2;

struct CheckOptions {
    AnalysisOptions common;
    std::string max_peak;
    std::string max_leaked;
    std::string max_allocations;
    std::string max_temporary;
};

// The validators ran at parse time, so a set option always parses here.
analysis::Limits limits_from(const CheckOptions& o) {
    analysis::Limits limits;
    if (!o.max_peak.empty()) limits.max_peak_bytes = analysis::parse_byte_size(o.max_peak);
    if (!o.max_leaked.empty()) limits.max_leaked_bytes = analysis::parse_byte_size(o.max_leaked);
    if (!o.max_allocations.empty())
        limits.max_allocations = analysis::parse_count(o.max_allocations);
    if (!o.max_temporary.empty()) limits.max_temporary = analysis::parse_count(o.max_temporary);
    return limits;
}

int run_check(const CheckOptions& options) {
    const analysis::Limits limits = limits_from(options);
    if (limits.empty()) {
        fmt::print(stderr,
                   "memscope: error: check needs at least one limit (--max-peak, --max-leaked, "
                   "--max-allocations, --max-temporary)\n");
        return kExitUsage;
    }
    TraceSession session(options.common);
    const auto outcomes = analysis::check_limits(analysis::limit_figures(session.pass()), limits);
    const std::string failures =
        report::check_failures_text(outcomes, report::TextStyle::for_stream(2));
    if (options.common.json) {
        print_json(report::check_json(session.path(), session.reader().truncated(), outcomes));
    } else if (failures.empty()) {
        print_text(report::check_passed_text(outcomes));
    }
    std::fputs(failures.c_str(), stderr);
    return failures.empty() ? kExitPassed : kExitLimitExceeded;
}

}  // namespace

void register_check_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* sub = app.add_subcommand(
        "check", "Fail (exit 1) when a trace exceeds memory limits: a gate for CI");
    add_analysis_options(*sub, options->common);
    sub->add_option("--max-peak", options->max_peak, "Largest allowed peak heap (e.g. 64MiB)")
        ->check(size_validator())
        ->type_name("SIZE");
    sub->add_option("--max-leaked", options->max_leaked, "Largest allowed leaked bytes")
        ->check(size_validator())
        ->type_name("SIZE");
    sub->add_option("--max-allocations", options->max_allocations, "Most allowed allocation calls")
        ->check(count_validator())
        ->type_name("N");
    sub->add_option("--max-temporary", options->max_temporary, "Most allowed temporary allocations")
        ->check(count_validator())
        ->type_name("N");
    sub->callback([options, &chosen] { chosen = [options] { return run_check(*options); }; });
}

}  // namespace memscope::cli
