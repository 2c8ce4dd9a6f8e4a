// `memscope history add|list|trend`: keeps each run's summary figures in a
// SQLite database and follows a metric across runs, flagging regressions.
#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/output.h"
#include "cli/trace_session.h"
#include "history/history_path.h"
#include "history/history_store.h"
#include "history/run_trend.h"
#include "report/history_report.h"
#include "report/units.h"

namespace memscope::cli {

namespace {

constexpr int kExitRegression = 1;
constexpr int kExitUsage = 2;

struct HistoryOptions {
    std::string db;
    bool json = false;
    std::string program;
    // add
    AnalysisOptions trace;
    std::string label;
    // trend
    std::string metric = "peak";
    std::string baseline = "first";
    double threshold = 10.0;
};

std::string db_path(const HistoryOptions& o) {
    return o.db.empty() ? history::default_history_path() : o.db;
}

std::optional<std::string> program_filter(const HistoryOptions& o) {
    if (o.program.empty()) return std::nullopt;
    return o.program;
}

history::HistoryRun run_of(const TraceSession& session) {
    const trace::TraceHeader& h = session.reader().header();
    const analysis::HeapTotals& heap = session.pass().heap().totals();
    history::HistoryRun r;
    r.added_at_s = static_cast<std::int64_t>(std::time(nullptr));
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(session.path(), ec);
    r.trace_path = ec ? session.path() : absolute.lexically_normal().string();
    r.program = h.executable;
    r.command_line = h.command_line;
    r.pid = h.pid;
    r.recorded_at_ns = static_cast<std::int64_t>(h.start_realtime_ns);
    const std::uint64_t end = session.reader().end_time_ns();
    r.duration_ns = end > h.start_monotonic_ns ? end - h.start_monotonic_ns : 0;
    r.truncated = session.reader().truncated();
    r.peak_heap_bytes = session.pass().heap().peak().peak_bytes();
    r.peak_rss_bytes = session.pass().process().peak_rss_bytes;
    r.leaked_bytes = heap.live_bytes;
    r.leaked_blocks = heap.live_blocks;
    r.allocation_calls = heap.allocation_calls;
    r.allocated_bytes = heap.allocated_bytes;
    r.free_calls = heap.free_calls;
    r.temporary_allocations = heap.temporary_allocations;
    return r;
}

int run_add(const HistoryOptions& o) {
    // Read the trace first: a bad trace must not create an empty database.
    TraceSession session(o.trace);
    history::HistoryRun run = run_of(session);
    run.label = o.label;
    history::HistoryStore store(db_path(o), history::HistoryStore::Mode::kCreate);
    run.id = store.add(run);
    if (o.json) {
        print_json(report::history_run_json(run));
    } else {
        print_text(fmt::format("Added run {} ({}{}{}, peak heap {}) to {}\n", run.id,
                               history::program_name(run.program), run.label.empty() ? "" : ", ",
                               run.label, report::format_bytes(run.peak_heap_bytes), store.path()));
    }
    return 0;
}

int run_list(const HistoryOptions& o) {
    const history::HistoryStore store(db_path(o), history::HistoryStore::Mode::kReadOnly);
    const auto runs = store.runs(program_filter(o));
    if (o.json)
        print_json(report::history_list_json(store.path(), runs));
    else
        print_text(report::history_list_text(store.path(), runs, report::TextStyle::for_stream(1)));
    return 0;
}

int run_trend(const HistoryOptions& o) {
    const history::HistoryStore store(db_path(o), history::HistoryStore::Mode::kReadOnly);
    // Without --program, the program of the latest run: mixing programs
    // would compare unrelated figures.
    std::optional<std::string> program = program_filter(o);
    if (!program) {
        const auto all = store.runs();
        if (all.empty()) throw history::HistoryError("no runs in " + store.path());
        program = all.back().program;
    }
    const auto runs = store.runs(program);
    if (runs.empty()) throw history::HistoryError("no runs of " + *program + " in " + store.path());
    // The validators accepted both names at parse time.
    const auto metric = history::parse_trend_metric(o.metric).value_or(history::TrendMetric::kPeak);
    const auto baseline =
        history::parse_trend_baseline(o.baseline).value_or(history::TrendBaseline{});
    const history::Trend trend = history::compute_trend(runs, metric, baseline, o.threshold);
    if (o.json)
        print_json(report::history_trend_json(trend));
    else
        print_text(report::history_trend_text(trend, report::TextStyle::for_stream(1)));
    if (!trend.latest_regressed()) return 0;
    const auto& last = trend.points.back();
    const auto value = [&](std::uint64_t v) {
        return history::trend_metric_is_bytes(metric) ? report::format_bytes(v)
                                                      : report::format_count(v);
    };
    fmt::print(stderr, "memscope: regression: {} of run {} is {} against {} in run {}{}\n",
               history::trend_metric_name(metric), last.run.id, value(last.value),
               value(last.baseline_value), *last.baseline_id,
               last.percent
                   ? fmt::format(" ({:+.1f}%, threshold {:+.1f}%)", *last.percent, o.threshold)
                   : "");
    return kExitRegression;
}

// History errors are bad input (a missing or foreign database): exit 2.
int guarded(int (*action)(const HistoryOptions&), const HistoryOptions& o) {
    try {
        return action(o);
    } catch (const history::HistoryError& e) {
        fmt::print(stderr, "memscope: error: {}\n", e.what());
        return kExitUsage;
    }
}

void add_common(CLI::App& sub, HistoryOptions& o, bool program_filter_option) {
    sub.add_option("--db", o.db,
                   "History database (default $XDG_DATA_HOME/memscope/history.db, else "
                   "~/.local/share/memscope/history.db)")
        ->type_name("FILE");
    sub.add_flag("--json", o.json, "Print one JSON object instead of text");
    if (program_filter_option)
        sub.add_option("--program", o.program, "Only runs of this program (path or file name)");
}

}  // namespace

void register_history_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<HistoryOptions>();
    CLI::App* history = app.add_subcommand(
        "history", "Keep runs' figures in a database and follow them across runs");
    history->require_subcommand(1);

    CLI::App* add = history->add_subcommand("add", "Add a trace's summary figures as a new run");
    add->add_option("trace", options->trace.trace, "Trace file written by `memscope run`")
        ->required()
        ->type_name("TRACE");
    add->add_option("--label", options->label, "Free text kept with the run (a commit, a version)");
    add_common(*add, *options, false);
    add->callback(
        [options, &chosen] { chosen = [options] { return guarded(run_add, *options); }; });

    CLI::App* list = history->add_subcommand("list", "List the runs in the database");
    add_common(*list, *options, true);
    list->callback(
        [options, &chosen] { chosen = [options] { return guarded(run_list, *options); }; });

    CLI::App* trend = history->add_subcommand(
        "trend", "One metric across runs against a baseline; exit 1 when the latest regressed");
    add_common(*trend, *options, true);
    trend->add_option("--metric", options->metric, "Metric followed")
        ->check(CLI::IsMember({"peak", "leaked", "allocations", "allocated", "temporary", "rss"}))
        ->capture_default_str();
    trend
        ->add_option("--baseline", options->baseline,
                     "Run each run is compared with: first, previous, or a run ID")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                return history::parse_trend_baseline(text) ? ""
                                                           : "expected first, previous or a run ID";
            },
            "first|previous|ID"))
        ->capture_default_str();
    trend
        ->add_option("--threshold", options->threshold,
                     "Percent increase over the baseline flagged as a regression")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    trend->callback(
        [options, &chosen] { chosen = [options] { return guarded(run_trend, *options); }; });
}

}  // namespace memscope::cli
