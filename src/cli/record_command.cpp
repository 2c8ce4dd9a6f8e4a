// `memscope run`: parses its options and hands over to run_command(), which the
// recorder side provides (src/cli/run_command.*). Builds without it print a
// clear error instead.
#include <cstdint>
#include <memory>

#include "analysis/byte_size.h"
#include "cli/command_registry.h"

#ifdef MEMSCOPE_HAVE_RUN_COMMAND
#include "cli/run_command.h"
#else
#include <cstdio>
#include <string>
#include <vector>
#endif

namespace memscope::cli {

#ifndef MEMSCOPE_HAVE_RUN_COMMAND
namespace {
struct RunOptions {
    std::string output_pattern;
    bool force = false;
    unsigned rss_interval_ms = 10;
    std::string unwind = "fast";
    std::string timing = "compact";
    std::string mode = "full";
    std::uint64_t sample_rate_bytes = 512 * 1024;
    std::string phases_file;
    std::string stream;
    bool stream_allow_remote = false;
    unsigned stream_wait_s = 0;
    bool live = false;
    std::vector<std::string> command;
};
int run_command(const RunOptions&) {
    std::fputs("memscope: error: this build of memscope cannot record (no recorder)\n", stderr);
    return 125;
}
}  // namespace
#endif

void register_record_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<RunOptions>();
    CLI::App* sub = app.add_subcommand("run", "Run a command and record its allocations");
    sub->add_option("-o,--output", options->output_pattern,
                    "Trace path; %p becomes the pid of each traced process "
                    "(default memscope.<program>.<pid>.mst)")
        ->type_name("PATH");
    sub->add_flag("--force", options->force, "Overwrite an existing trace file");
    sub->add_option("--rss-interval", options->rss_interval_ms, "Milliseconds between RSS samples")
        ->capture_default_str()
        ->type_name("MS");
    sub->add_option("--unwind", options->unwind,
                    "Stack unwinder: fast (cached CFI rules, libunwind where they do not "
                    "apply), libunwind, or fp (frame pointers)")
        ->check(CLI::IsMember({"fast", "libunwind", "fp"}))
        ->capture_default_str()
        ->type_name("KIND");
    sub->add_option("--timing", options->timing,
                    "compact: event times in 1.024 us units, call durations as per-chunk "
                    "histograms plus every call of 10 us or more (small traces); exact: ns "
                    "times and every call's duration")
        ->check(CLI::IsMember({"compact", "exact"}))
        ->capture_default_str()
        ->type_name("KIND");
    sub->add_option("--mode", options->mode,
                    "full: every allocation; sampled: a Poisson sample by bytes, every figure "
                    "an unbiased estimate; aggregate: per-site totals kept in the process and "
                    "written at exit (a trace of kilobytes, no timeline)")
        ->check(CLI::IsMember({"full", "sampled", "aggregate"}))
        ->capture_default_str()
        ->type_name("MODE");
    sub->add_option_function<std::string>(
           "--sample-rate",
           [options](const std::string& text) {
               options->sample_rate_bytes = *analysis::parse_byte_size(text);
           },
           "Mean bytes between samples in sampled mode (default 512KiB)")
        ->check([](const std::string& text) -> std::string {
            const auto bytes = analysis::parse_byte_size(text);
            return bytes && *bytes > 0 && *bytes <= (std::uint64_t{1} << 40)
                       ? ""
                       : "not a size between 1 B and 1 TiB: " + text;
        })
        ->type_name("SIZE");
    sub->add_option("--phases", options->phases_file,
                    "CSV of named time windows (name,start,end; offsets like 1.5s or clock "
                    "times) stored in the traces as phases")
        ->type_name("FILE");
    auto* stream = sub->add_option("--stream", options->stream,
                                   "Also stream the trace as it is written, to one client at a "
                                   "time: unix:PATH (%p = pid of each traced process) or "
                                   "tcp:127.0.0.1:PORT (read it with `memscope stream ADDR`)")
                       ->type_name("ADDR");
    sub->add_flag("--stream-allow-remote", options->stream_allow_remote,
                  "Allow --stream on a non-loopback tcp address (anyone who can reach it "
                  "reads the trace)");
    sub->add_option("--stream-wait", options->stream_wait_s,
                    "Hold the program at start until a stream client connects, at most this "
                    "many seconds (0: do not wait)")
        ->check(CLI::Range(0u, 3600u))
        ->type_name("SECONDS");
    sub->add_flag("--live", options->live,
                  "Show a live view of the program in this terminal (its output goes to a "
                  "file named on screen)")
        ->excludes(stream);
    sub->add_option("command", options->command, "The command to run, and its arguments")
        ->required()
        ->type_name("CMD ARGS...");
    // Everything from the command on is the target's, even if it looks like an option.
    sub->positionals_at_end();
    sub->callback([options, &chosen] { chosen = [options] { return run_command(*options); }; });
}

}  // namespace memscope::cli
