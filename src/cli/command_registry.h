// Subcommands register their options on the CLI11 app and, when chosen, leave
// the action to run after parsing succeeded. Parsing never does any work itself,
// so --help and usage errors stay cheap and side-effect free.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace memscope::cli {

using CommandAction = std::function<int()>;

void register_summary_command(CLI::App& app, CommandAction& chosen);
void register_top_command(CLI::App& app, CommandAction& chosen);
void register_leaks_command(CLI::App& app, CommandAction& chosen);
void register_latency_command(CLI::App& app, CommandAction& chosen);
void register_report_command(CLI::App& app, CommandAction& chosen);
void register_flamegraph_command(CLI::App& app, CommandAction& chosen);
void register_check_command(CLI::App& app, CommandAction& chosen);
void register_export_command(CLI::App& app, CommandAction& chosen);
void register_diff_command(CLI::App& app, CommandAction& chosen);
void register_history_command(CLI::App& app, CommandAction& chosen);
void register_record_command(CLI::App& app, CommandAction& chosen);
void register_stream_command(CLI::App& app, CommandAction& chosen);
void register_live_command(CLI::App& app, CommandAction& chosen);
void register_phases_command(CLI::App& app, CommandAction& chosen);
void register_pools_command(CLI::App& app, CommandAction& chosen);
void register_fit_command(CLI::App& app, CommandAction& chosen);

}  // namespace memscope::cli
