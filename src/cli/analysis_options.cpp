#include "cli/analysis_options.h"

namespace memscope::cli {

void add_analysis_options(CLI::App& sub, AnalysisOptions& options) {
    sub.add_option("trace", options.trace, "Trace file written by `memscope run`")
        ->required()
        ->type_name("TRACE");
    sub.add_flag("--json", options.json, "Print one JSON object instead of text");
    add_symbol_options(sub, options);
}

void add_symbol_options(CLI::App& sub, AnalysisOptions& options) {
    sub.add_option("--debug-dir", options.debug_dirs,
                   "Extra directory searched for separate debug info (repeatable)")
        ->type_name("DIR")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub.add_flag("--debuginfod", options.debuginfod,
                 "Let libdw download missing debug info from the servers in DEBUGINFOD_URLS");
    sub.add_flag(
        "--no-symbol-cache", options.no_symbol_cache,
        "Neither read nor write the on-disk symbol cache ($XDG_CACHE_HOME/memscope/symbols)");
}

}  // namespace memscope::cli
