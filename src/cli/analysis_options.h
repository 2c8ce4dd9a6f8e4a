// Options every analysis subcommand takes: the trace, --json, --debug-dir,
// --debuginfod, --no-symbol-cache.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace memscope::cli {

struct AnalysisOptions {
    std::string trace;
    bool json = false;
    std::vector<std::string> debug_dirs;
    bool debuginfod = false;       // let libdw download debug info (DEBUGINFOD_URLS)
    bool no_symbol_cache = false;  // neither read nor write the on-disk symbol cache
};

void add_analysis_options(CLI::App& sub, AnalysisOptions& options);
// Only --debug-dir, --debuginfod and --no-symbol-cache, for commands whose
// trace arguments differ.
void add_symbol_options(CLI::App& sub, AnalysisOptions& options);

}  // namespace memscope::cli
