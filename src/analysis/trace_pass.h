// The one streaming pass over a trace's events: feeds the heap replay, the
// mapping tracker and the process facts. Everything the reports need about
// events is gathered here; symbolization happens afterwards, per unique stack.
#pragma once

#include <cstdint>

#include "analysis/heap_replay.h"
#include "analysis/mmap_tracker.h"
#include "analysis/process_facts.h"
#include "trace/event.h"

namespace memscope::analysis {

class TracePass : public trace::EventSink {
  public:
    // sample_rate_bytes: the header's, for a sampled trace (0: full).
    explicit TracePass(std::uint64_t page_size, std::uint64_t sample_rate_bytes = 0)
        : heap_(SampleWeighting(sample_rate_bytes)), mmaps_(page_size) {}

    void on_event(const trace::Event& e) override {
        switch (e.kind) {
            case trace::EventKind::kAlloc:
                heap_.on_alloc(e);
                break;
            case trace::EventKind::kFree:
                heap_.on_free(e);
                break;
            case trace::EventKind::kRunTotals:
                heap_.on_run_totals(e);
                break;
            case trace::EventKind::kSiteTotals:
                heap_.on_site_totals(e);
                break;
            case trace::EventKind::kMmap:
                mmaps_.on_mmap(e);
                break;
            case trace::EventKind::kMunmap:
                mmaps_.on_munmap(e);
                break;
            default:
                process_.observe(e);
                break;
        }
    }

    void prefetch_address(std::uint64_t address) override { heap_.prefetch(address); }
    void attach_undelivered_events(const trace::UndeliveredEvents* undelivered) override {
        heap_.attach_undelivered_events(undelivered);
    }

    const HeapReplay& heap() const { return heap_; }
    const MmapTracker& mmaps() const { return mmaps_; }
    const ProcessFacts& process() const { return process_; }

  private:
    HeapReplay heap_;
    MmapTracker mmaps_;
    ProcessFacts process_;
};

}  // namespace memscope::analysis
