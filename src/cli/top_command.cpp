#include <memory>
#include <string>

#include "analysis/site_ranking.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "report/top_json.h"
#include "report/top_text.h"

namespace memscope::cli {

namespace {

struct TopOptions {
    AnalysisOptions common;
    std::string by = "peak";
    std::size_t limit = 10;
};

int run_top(const TopOptions& options) {
    TraceSession session(options.common);
    // The option's validator already restricted the name to known metrics.
    const analysis::SiteMetric by =
        analysis::parse_site_metric(options.by).value_or(analysis::SiteMetric::kPeak);
    const analysis::SiteRanking ranking =
        analysis::rank_sites(session.reader(), session.pass(), session.stacks(), by, options.limit);
    session.print_symbol_warnings();
    if (options.common.json)
        print_json(report::top_json(ranking));
    else
        print_text(report::top_text(ranking, report::TextStyle::for_stream(1)));
    return 0;
}

}  // namespace

void register_top_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<TopOptions>();
    CLI::App* sub = app.add_subcommand("top", "Allocation sites ranked by one metric");
    add_analysis_options(*sub, options->common);
    sub->add_option("--by", options->by, "Ranking metric")
        ->check(CLI::IsMember({"peak", "leaked", "allocations", "temporary", "allocated"}))
        ->capture_default_str();
    sub->add_option("-n,--limit", options->limit, "Sites to show (0 = all)")->capture_default_str();
    sub->callback([options, &chosen] { chosen = [options] { return run_top(*options); }; });
}

}  // namespace memscope::cli
