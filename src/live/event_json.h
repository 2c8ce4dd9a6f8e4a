// One JSON object per streamed event, for `memscope stream --json` (schema in
// docs/cli.md): other tools read the lines as they come.
#pragma once

#include <nlohmann/json.hpp>

#include "trace/event.h"
#include "trace/trace_reader.h"

namespace memscope::live {

// The first line: which process the stream is about.
nlohmann::json header_json(const trace::TraceHeader& header);

// One event; times relative to the header's start_monotonic_ns.
nlohmann::json event_json(const trace::Event& event, std::uint64_t start_ns);

}  // namespace memscope::live
