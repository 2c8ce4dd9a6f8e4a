// Reports how far a pass over a trace has come, for a progress bar. Events
// are counted as they pass to the real sink; the chunk index says how many
// there are, so events seen over events indexed, times the file size,
// estimates the bytes read so far (the reader's merge decodes chunks of all
// threads side by side, so no exact file offset exists).
#pragma once

#include <cstdint>
#include <functional>

#include "trace/trace_reader.h"

namespace memscope::analysis {

class ReadProgress : public trace::EventSink {
  public:
    // report(bytes_read_estimate) is called every few thousand events.
    ReadProgress(trace::EventSink& inner, const trace::TraceReader& reader,
                 std::uint64_t file_bytes, std::function<void(std::uint64_t)> report);

    void on_event(const trace::Event& e) override {
        inner_.on_event(e);
        if (++seen_ % kEventsPerReport == 0) report_(estimate());
    }

    void prefetch_address(std::uint64_t address) override { inner_.prefetch_address(address); }
    void attach_undelivered_events(const trace::UndeliveredEvents* undelivered) override {
        inner_.attach_undelivered_events(undelivered);
    }

    std::uint64_t estimate() const;

  private:
    static constexpr std::uint64_t kEventsPerReport = 4096;

    trace::EventSink& inner_;
    std::uint64_t file_bytes_;
    std::uint64_t indexed_events_ = 0;
    std::uint64_t seen_ = 0;
    std::function<void(std::uint64_t)> report_;
};

}  // namespace memscope::analysis
