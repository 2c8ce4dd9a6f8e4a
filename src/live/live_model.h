// What the live view shows, kept up to date from streamed events in memory
// bounded by the live heap and the unique stacks (the live blocks, per-stack
// figures), plus a fixed ring of heap/RSS samples.
//
// Chunks of different threads arrive in the order the recorder wrote them,
// not in time order; a block freed by another thread could then be freed
// before it is allocated. Events therefore wait in a short reorder window
// (kReorderWindowNs of trace time behind the newest event seen) and are
// applied in time order; settle(true) applies everything once the stream is
// quiet or over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "trace/event.h"

namespace memscope::live {

enum class SiteOrder { kLiveBytes, kAllocations, kRate };

struct LiveSite {
    trace::StackId stack = 0;
    std::uint64_t live_bytes = 0;
    std::uint64_t live_blocks = 0;
    std::uint64_t allocations = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t allocations_per_second = 0;  // over the last whole second of trace time
};

struct SeriesPoint {
    std::uint64_t time_ns = 0;  // since the trace started
    std::uint64_t heap_bytes = 0;
    std::uint64_t rss_bytes = 0;
};

class LiveModel {
  public:
    static constexpr std::uint64_t kReorderWindowNs = 250'000'000;
    static constexpr std::uint64_t kSeriesStepNs = 100'000'000;
    static constexpr std::size_t kSeriesPoints = 600;  // one minute
    // Beyond this many queued events the oldest are applied early, so a flood
    // of events cannot grow the queue without bound.
    static constexpr std::size_t kMaxQueued = 1u << 20;

    explicit LiveModel(std::uint64_t start_ns) : start_ns_(start_ns) {}

    // Queues a chunk's events (its text fields are copied where kept).
    void add(const std::vector<trace::Event>& events);
    // Applies the queued events that are out of the reorder window; all of
    // them when everything has arrived (the stream is quiet or ended).
    void settle(bool everything);

    std::uint64_t heap_bytes() const { return heap_bytes_; }
    std::uint64_t rss_bytes() const { return rss_bytes_; }
    std::uint64_t allocations() const { return allocations_; }
    std::uint64_t allocations_per_second() const { return allocations_per_second_; }
    std::uint64_t trace_time_ns() const { return applied_time_ns_; }
    // The innermost phase open on any thread, "-" without one.
    const std::string& phase() const;
    std::size_t site_count() const { return sites_.size(); }
    std::size_t live_block_count() const { return blocks_.size(); }
    std::size_t queued_events() const { return queue_.size(); }

    // The first n sites in that order (ties: more live bytes first).
    std::vector<LiveSite> top_sites(SiteOrder order, std::size_t n) const;
    const std::deque<SeriesPoint>& series() const { return series_; }

  private:
    struct Queued {
        std::uint64_t time_ns;
        std::uint64_t seq;  // arrival order: keeps one thread's ties in its order
        trace::EventKind kind;
        std::uint32_t tid;
        trace::StackId stack;
        std::uint64_t address;
        std::uint64_t size;
        std::uint32_t text;  // index into texts_ (phase names)
    };
    struct Later {
        bool operator()(const Queued& a, const Queued& b) const {
            return a.time_ns != b.time_ns ? a.time_ns > b.time_ns : a.seq > b.seq;
        }
    };
    struct Block {
        std::uint64_t size;
        trace::StackId stack;
    };
    struct OpenPhase {
        std::uint32_t tid;
        std::uint32_t text;
    };

    void apply(const Queued& e);
    void advance_clock(std::uint64_t time_ns);
    std::uint32_t intern_text(std::string_view text);

    std::uint64_t start_ns_;
    std::vector<Queued> queue_;  // a min-heap by time
    std::uint64_t next_seq_ = 0;
    std::uint64_t newest_time_ns_ = 0;
    std::uint64_t applied_time_ns_ = 0;

    std::unordered_map<std::uint64_t, Block> blocks_;
    struct SiteState {
        LiveSite figures;
        std::uint64_t allocations_at_second = 0;  // for the per-second rate
    };
    std::unordered_map<trace::StackId, SiteState> sites_;
    std::uint64_t heap_bytes_ = 0;
    std::uint64_t rss_bytes_ = 0;
    std::uint64_t allocations_ = 0;
    std::uint64_t allocations_at_second_ = 0;
    std::uint64_t allocations_per_second_ = 0;
    std::uint64_t next_second_ns_ = 1'000'000'000;
    std::uint64_t next_sample_ns_ = 0;
    std::deque<SeriesPoint> series_;

    std::vector<std::string> texts_;
    std::unordered_map<std::string, std::uint32_t> text_ids_;
    std::vector<OpenPhase> phases_;
};

}  // namespace memscope::live
