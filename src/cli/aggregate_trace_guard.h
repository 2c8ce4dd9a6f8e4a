// Commands whose views all need events (call latency, per-phase heap)
// refuse aggregate-mode traces, which hold per-site totals instead, with a
// clear message rather than empty or misleading views.
#pragma once

#include <string>
#include <string_view>

#include "trace/trace_reader.h"

namespace memscope::cli {

// Exit status of such a refusal: the input does not fit the command.
inline constexpr int kExitNotForAggregate = 2;

// True, after printing "memscope: error: COMMAND is not available for
// aggregate-mode traces: ..." on stderr, when the trace is one. Throws
// trace::TraceError when the file is not a readable trace.
bool refuse_aggregate_trace(const std::string& path, std::string_view command);
// The same for a trace whose header the command has read already.
bool refuse_aggregate_trace(const trace::TraceHeader& header, const std::string& path,
                            std::string_view command);

}  // namespace memscope::cli
