#include "cli/aggregate_trace_guard.h"

#include <fmt/format.h>

#include <cstdio>

#include "trace/trace_reader.h"

namespace memscope::cli {

bool refuse_aggregate_trace(const std::string& path, std::string_view command) {
    return refuse_aggregate_trace(trace::TraceReader(path).header(), path, command);
}

bool refuse_aggregate_trace(const trace::TraceHeader& header, const std::string& path,
                            std::string_view command) {
    if (header.mode != format::RecordMode::kAggregate) return false;
    fmt::print(stderr,
               "memscope: error: {} is not available for aggregate-mode traces: they hold "
               "per-site totals, not events (summary, top, leaks, report, flamegraph, export, diff "
               "and check work on {})\n",
               command, path);
    return true;
}

}  // namespace memscope::cli
