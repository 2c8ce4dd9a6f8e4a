#include "analysis/read_progress.h"

#include <algorithm>

namespace memscope::analysis {

ReadProgress::ReadProgress(trace::EventSink& inner, const trace::TraceReader& reader,
                           std::uint64_t file_bytes, std::function<void(std::uint64_t)> report)
    : inner_(inner), file_bytes_(file_bytes), report_(std::move(report)) {
    for (const auto& chunk : reader.chunks()) indexed_events_ += chunk.header.event_count;
}

std::uint64_t ReadProgress::estimate() const {
    if (indexed_events_ == 0) return 0;
    // A realloc is one record but two events: never claim more than the file.
    const double fraction =
        std::min(1.0, static_cast<double>(seen_) / static_cast<double>(indexed_events_));
    return static_cast<std::uint64_t>(fraction * static_cast<double>(file_bytes_));
}

}  // namespace memscope::analysis
