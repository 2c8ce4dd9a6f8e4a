// Phases the program announced through the annotation API (begin/end pairs,
// nested per thread), as time spans for the report's memory chart. A phase
// still open when the trace ends closes at the last event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace memscope::analysis {

struct PhaseSpan {
    std::string name;
    std::uint32_t tid = 0;
    std::uint32_t depth = 0;  // nesting level within its thread, 0 = outermost
    std::uint64_t begin_ns = 0;
    std::uint64_t end_ns = 0;
};

class PhaseSpans {
  public:
    // Spans beyond the limit are counted, not kept: a chart cannot show more.
    explicit PhaseSpans(std::size_t max_spans = 1000) : max_spans_(max_spans) {}

    void begin(std::uint32_t tid, std::string_view name, std::uint64_t time_ns);
    void end(std::uint32_t tid, std::uint64_t time_ns);  // an unmatched end is ignored
    void finish(std::uint64_t end_time_ns);              // closes what is still open

    const std::vector<PhaseSpan>& spans() const { return spans_; }
    std::uint64_t dropped() const { return dropped_; }

  private:
    std::size_t max_spans_;
    std::vector<PhaseSpan> spans_;
    std::map<std::uint32_t, std::vector<PhaseSpan>> open_;  // per thread, innermost last
    std::uint64_t dropped_ = 0;
    void keep(PhaseSpan span);
};

}  // namespace memscope::analysis
