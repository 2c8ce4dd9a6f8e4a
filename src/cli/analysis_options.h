// Options every analysis subcommand takes: the trace, --json, --debug-dir,
// --debuginfod.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace memscope::cli {

struct AnalysisOptions {
    std::string trace;
    bool json = false;
    std::vector<std::string> debug_dirs;
    bool debuginfod = false;  // let libdw download debug info (DEBUGINFOD_URLS)
};

void add_analysis_options(CLI::App& sub, AnalysisOptions& options);
// Only --debug-dir and --debuginfod, for commands whose trace arguments differ.
void add_symbol_options(CLI::App& sub, AnalysisOptions& options);

}  // namespace memscope::cli
