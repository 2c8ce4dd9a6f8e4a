// memscope: the command-line front end. Parses, dispatches to a subcommand,
// and turns every failure into a one-line message and an exit status.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <malloc.h>

#include <cstdio>
#include <exception>

#include "cli/command_registry.h"
#include "trace/trace_reader.h"

namespace {

constexpr int kExitUsage = 2;     // bad usage, or input that is not a readable trace
constexpr int kExitInternal = 1;  // anything unexpected

void print_error(const std::string& message) {
    fmt::print(stderr, "memscope: error: {}\n", message);
}

}  // namespace

int main(int argc, char** argv) {
    // The analyzer's big buffers (decoded chunks, tables) grow now and then.
    // glibc raises its mmap threshold after the first large free, and later
    // large buffers then come from the heap, whose holes stay resident: peak
    // RSS grew with the trace's length although the live memory did not. A
    // fixed threshold keeps every large buffer a mapping of its own, given
    // back whole when freed.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    CLI::App app{"memscope: a memory profiler for Linux programs", "memscope"};
    app.set_version_flag("--version", std::string("memscope ") + MEMSCOPE_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);

    memscope::cli::CommandAction chosen;
    memscope::cli::register_record_command(app, chosen);
    memscope::cli::register_stream_command(app, chosen);
    memscope::cli::register_live_command(app, chosen);
    memscope::cli::register_summary_command(app, chosen);
    memscope::cli::register_top_command(app, chosen);
    memscope::cli::register_leaks_command(app, chosen);
    memscope::cli::register_latency_command(app, chosen);
    memscope::cli::register_report_command(app, chosen);
    memscope::cli::register_flamegraph_command(app, chosen);
    memscope::cli::register_check_command(app, chosen);
    memscope::cli::register_export_command(app, chosen);
    memscope::cli::register_diff_command(app, chosen);
    memscope::cli::register_history_command(app, chosen);
    memscope::cli::register_phases_command(app, chosen);
    memscope::cli::register_pools_command(app, chosen);
    memscope::cli::register_fit_command(app, chosen);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(fmt::format("{} (see memscope --help)", e.what()));
        return kExitUsage;
    }

    try {
        return chosen ? chosen() : kExitUsage;
    } catch (const memscope::trace::TraceError& e) {
        print_error(e.what());
        return kExitUsage;
    } catch (const std::exception& e) {
        print_error(fmt::format("internal error: {}", e.what()));
        return kExitInternal;
    }
}
