// `memscope phases`: what each phase cost. A phase is a named time window
// opened and closed by one thread (the annotation API; nested per thread) or
// by `memscope run --phases` (thread 0). Its figures cover the whole process
// during the window -- work a phase hands to other threads is the phase's --
// and nested phases count in their parents too. One streaming pass; memory is
// bounded by the live heap, the open phases and the kept instances.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/flat_u64_map.h"
#include "analysis/heap_replay.h"
#include "analysis/symbolized_stack.h"
#include "trace/event.h"

namespace memscope::analysis {

// Heap figures of a time window, from the replay's counters at both ends.
struct WindowFigures {
    std::uint64_t heap_begin_bytes = 0;
    std::uint64_t heap_end_bytes = 0;
    std::uint64_t peak_heap_bytes = 0;  // highest total live heap inside the window
    std::uint64_t allocated_bytes = 0;
    std::uint64_t allocation_calls = 0;
    std::uint64_t free_calls = 0;
    std::uint64_t temporary_allocations = 0;
    // Bytes allocated inside the window and still live when it ends.
    std::uint64_t left_behind_bytes = 0;
    bool has_rss = false;  // an RSS sample preceded both ends
    std::uint64_t rss_begin_bytes = 0;
    std::uint64_t rss_end_bytes = 0;
};

struct PhaseInstance : WindowFigures {
    std::string name;
    std::uint32_t tid = 0;  // 0: a window from `memscope run --phases`
    std::uint32_t depth = 0;
    std::uint64_t begin_ns = 0;  // absolute CLOCK_MONOTONIC
    std::uint64_t end_ns = 0;
    bool open_at_end = false;  // never ended: closed at the trace's last event
};

struct PhaseStackFigures {
    trace::StackId stack = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t allocations = 0;
};

// Every instance of one phase name, summed (peak: the highest of them).
struct PhaseNameTotals {
    std::string name;
    std::uint64_t instances = 0;
    std::uint64_t duration_ns = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t allocation_calls = 0;
    std::uint64_t temporary_allocations = 0;
    std::uint64_t peak_heap_bytes = 0;
    std::uint64_t left_behind_bytes = 0;
    std::vector<PhaseStackFigures> stacks;  // per allocating stack, inside the phase
    // Memory intensity, the ranking key: allocated bytes per second of phase time.
    double intensity_bytes_per_s() const;
};

struct PhaseMark {
    std::string label;
    std::uint32_t tid = 0;
    std::uint64_t time_ns = 0;
    std::uint64_t heap_bytes = 0;
};

// Consecutive outermost phases of one thread.
struct PhaseTransition {
    std::size_t from = 0;  // indices into PhaseFigures::instances()
    std::size_t to = 0;
    std::uint64_t gap_ns = 0;             // from's end to to's begin
    std::int64_t heap_change = 0;         // heap at to's begin minus heap at from's end
    std::uint64_t left_behind_bytes = 0;  // from's
};

class PhaseFigures : public trace::EventSink {
  public:
    // Instances and marks beyond the limits are counted, not kept; the totals
    // per name stay complete.
    explicit PhaseFigures(std::uint64_t sample_rate_bytes = 0, std::size_t max_instances = 10000,
                          std::size_t max_marks = 10000);

    void on_event(const trace::Event& e) override;
    void attach_undelivered_events(const trace::UndeliveredEvents* undelivered) override {
        heap_.attach_undelivered_events(undelivered);
    }
    // Closes phases still open, sorts, and derives the transitions.
    void finish(std::uint64_t end_time_ns);

    const std::vector<PhaseInstance>& instances() const { return instances_; }  // by begin time
    std::vector<const PhaseNameTotals*> names_by_intensity() const;
    const std::vector<PhaseMark>& marks() const { return marks_; }
    const std::vector<PhaseTransition>& transitions() const { return transitions_; }
    std::uint64_t dropped_instances() const { return dropped_instances_; }
    std::uint64_t dropped_marks() const { return dropped_marks_; }

  private:
    struct OpenPhase {
        PhaseInstance instance;
        std::size_t name_index = 0;
        std::uint64_t begin_seq = 0;
        HeapTotals totals_at_begin;
        std::uint64_t live_allocated = 0;
    };
    struct TrackedBlock {
        std::uint64_t seq = 0;
        std::uint64_t bytes = 0;
    };

    void begin(const trace::Event& e);
    void end(std::uint32_t tid, std::uint64_t time_ns, bool open_at_end);
    void on_alloc(const trace::Event& e);
    void on_free(const trace::Event& e);
    std::size_t name_index(const std::string& name);
    void derive_transitions();

    HeapReplay heap_;
    std::uint64_t seq_ = 0;  // allocation counter: orders blocks against phase begins
    std::uint64_t rss_bytes_ = 0;
    bool has_rss_ = false;
    std::map<std::uint32_t, std::vector<OpenPhase>> open_;  // per thread, innermost last
    std::size_t open_count_ = 0;
    FlatU64Map<TrackedBlock> tracked_;  // blocks allocated while a phase was open
    std::vector<PhaseNameTotals> names_;
    std::unordered_map<std::string, std::size_t> name_indices_;
    std::vector<std::unordered_map<trace::StackId, PhaseStackFigures>> name_stacks_;
    std::vector<std::size_t> touched_names_;  // scratch: names counted for one allocation
    std::vector<PhaseInstance> instances_;
    std::vector<PhaseMark> marks_;
    std::vector<PhaseTransition> transitions_;
    std::size_t max_instances_;
    std::size_t max_marks_;
    std::uint64_t dropped_instances_ = 0;
    std::uint64_t dropped_marks_ = 0;
};

// A phase's allocation sites (stacks merged by site, as `top` does), by
// allocated bytes, at most `limit`.
struct PhaseSite {
    std::string location;
    std::string function;
    std::string file;
    std::uint32_t line = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t allocations = 0;
};
std::vector<PhaseSite> top_phase_sites(const PhaseNameTotals& phase, StackSymbolizer& stacks,
                                       std::size_t limit);

}  // namespace memscope::analysis
