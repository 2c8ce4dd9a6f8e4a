#include "analysis/phase_spans.h"

#include <algorithm>

namespace memscope::analysis {

void PhaseSpans::begin(std::uint32_t tid, std::string_view name, std::uint64_t time_ns) {
    std::vector<PhaseSpan>& open = open_[tid];
    PhaseSpan span;
    span.name = std::string(name);
    span.tid = tid;
    span.depth = static_cast<std::uint32_t>(open.size());
    span.begin_ns = time_ns;
    open.push_back(std::move(span));
}

void PhaseSpans::end(std::uint32_t tid, std::uint64_t time_ns) {
    const auto it = open_.find(tid);
    if (it == open_.end() || it->second.empty()) return;
    PhaseSpan span = std::move(it->second.back());
    it->second.pop_back();
    span.end_ns = std::max(time_ns, span.begin_ns);
    keep(std::move(span));
}

void PhaseSpans::finish(std::uint64_t end_time_ns) {
    for (auto& [tid, open] : open_) {
        while (!open.empty()) {
            PhaseSpan span = std::move(open.back());
            open.pop_back();
            span.end_ns = std::max(end_time_ns, span.begin_ns);
            keep(std::move(span));
        }
    }
    std::sort(spans_.begin(), spans_.end(), [](const PhaseSpan& a, const PhaseSpan& b) {
        return a.begin_ns != b.begin_ns ? a.begin_ns < b.begin_ns : a.depth < b.depth;
    });
}

void PhaseSpans::keep(PhaseSpan span) {
    if (spans_.size() >= max_spans_) {
        ++dropped_;
        return;
    }
    spans_.push_back(std::move(span));
}

}  // namespace memscope::analysis
