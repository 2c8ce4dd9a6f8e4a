// Allocator-call latency for `memscope latency`: log-linear histograms of call
// durations per function, per request-size class and per thread; the slowest
// calls with their allocation stacks and the RSS samples around them; and the
// slow calls grouped into classes (function x size class) for a verdict each.
//
// Durations come from the events themselves (exact timing, and mmap/munmap
// always) or from the trace's per-chunk duration histograms (compact timing,
// where each call is counted in a bucket and only calls at or above the
// recorder's outlier threshold carry their exact duration). Memory is bounded
// by the live heap (the size and stack of each live block, for frees) and
// fixed-size histograms.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "analysis/flat_u64_map.h"
#include "analysis/latency_histogram.h"
#include "format/column_layout.h"
#include "trace/event.h"

namespace memscope::analysis {

// The timed entry points: the nine allocation functions (format::AllocFunc
// values), then free and the mapping calls.
inline constexpr std::size_t kLatencyFree = format::kAllocFuncCount;
inline constexpr std::size_t kLatencyMmap = kLatencyFree + 1;
inline constexpr std::size_t kLatencyMunmap = kLatencyFree + 2;
inline constexpr std::size_t kLatencyMremap = kLatencyFree + 3;
inline constexpr std::size_t kLatencyFunctionCount = kLatencyFree + 4;
const char* latency_function_name(std::size_t function);

inline constexpr std::size_t kLatencySizeClassCount = format::kDurationSizeClassCount;
// "tiny" (<= 64 B), "small" (<= 1 KiB), "medium" (<= 64 KiB), "large", "unknown".
const char* latency_size_class_name(std::size_t size_class);

struct SlowCall {
    std::size_t function = 0;
    std::uint64_t duration_ns = 0;
    std::uint64_t time_ns = 0;  // since the recorder started
    std::uint64_t size = 0;     // request, block freed, or mapping length (0: unknown)
    std::uint32_t tid = 0;
    trace::StackId stack = 0;                       // where the block was allocated (0: unknown)
    std::optional<std::uint64_t> rss_before_bytes;  // the last RSS sample before the call
    std::optional<std::uint64_t> rss_after_bytes;   // the first one after it
    // Microseconds the system stalled on memory ("some" tasks waiting, Linux
    // PSI) between those two RSS samples; empty without PSI samples.
    std::optional<std::uint64_t> memory_stall_us;
    std::optional<std::uint64_t> stall_total_before_us;  // the PSI total at the call
    // What the recorder saw the allocator do inside the call (glibc only).
    bool own_mapping = false;        // the block was mapped for it (or unmapped, for a free)
    std::int64_t brk_delta = 0;      // bytes the heap's break moved
    std::uint64_t minor_faults = 0;  // page faults during the call (calls of 64 KiB or more)
    std::uint64_t major_faults = 0;
    // Bytes the heap of a thread arena grew (+, mprotect) or gave back to the
    // kernel (-, madvise) during the call.
    std::int64_t arena_heap_delta = 0;
    std::uint64_t id = 0;  // the call's number in the pass
};

struct SlowCallClass {
    std::size_t function = 0;
    std::size_t size_class = 0;
    std::uint64_t count = 0;
    std::uint64_t total_ns = 0;
    std::uint64_t max_ns = 0;
    std::uint64_t min_size = 0;
    std::uint64_t max_size = 0;
    std::uint64_t calls_in_class = 0;  // all calls of this function and size class
    // Of the slow calls: how many mapped (or unmapped) a block of their own,
    // and how many moved the heap's break, by how much in all.
    std::uint64_t own_mappings = 0;
    std::uint64_t brk_moves = 0;
    std::int64_t brk_bytes = 0;
    std::uint64_t minor_faults = 0;  // summed over the slow calls
    std::uint64_t major_faults = 0;
    // Of the slow calls: how many grew a thread arena's heap, how many gave
    // some of it back to the kernel, and the bytes of each.
    std::uint64_t arena_grows = 0;
    std::uint64_t arena_grown_bytes = 0;
    std::uint64_t arena_trims = 0;
    std::uint64_t arena_returned_bytes = 0;
    std::uint64_t mean_ns() const { return count == 0 ? 0 : total_ns / count; }
};

class CallLatency : public trace::EventSink {
  public:
    static constexpr std::size_t kSlowestKept = 20;

    // start_ns: header.start_monotonic_ns. compact_timing: the trace keeps
    // durations in histograms (header.time_resolution_ns > 1), so any timed
    // event is a call the recorder found slow; otherwise calls of at least
    // slow_threshold_ns count as slow.
    CallLatency(std::uint64_t start_ns, bool compact_timing, std::uint64_t slow_threshold_ns);

    void on_event(const trace::Event& e) override;
    void prefetch_address(std::uint64_t address) override { live_.prefetch(address); }
    // After the last event: settles which source each histogram uses.
    void finish();

    const LatencyHistogram& function(std::size_t f) const { return functions_[f].result; }
    // Heap calls only (allocations by request size, frees by block size).
    const LatencyHistogram& size_class(std::size_t c) const { return size_classes_[c].result; }
    std::vector<std::pair<std::uint32_t, const LatencyHistogram*>> threads() const;
    // Slowest first.
    std::vector<SlowCall> slowest() const;
    // Most total time first.
    std::vector<SlowCallClass> slow_classes() const;
    std::uint64_t slow_threshold_ns() const { return threshold_ns_; }
    bool compact_timing() const { return compact_; }

  private:
    // One histogram from each possible source, and the one finish() chose.
    struct Sourced {
        LatencyHistogram from_events;
        LatencyHistogram from_ranges;
        LatencyHistogram result;
        void settle();
    };
    struct LiveBlock {
        std::uint64_t size = 0;
        trace::StackId stack = 0;
    };

    std::uint64_t relative(std::uint64_t t) const { return t > start_ns_ ? t - start_ns_ : 0; }
    void timed_call(std::size_t function, std::size_t size_class, const trace::Event& e,
                    std::uint64_t size, trace::StackId stack);
    void count_range(const trace::Event& e);
    void note_rss(std::uint64_t rss);
    void note_pressure(std::uint64_t some_us);
    void note_inside(const trace::Event& e);
    Sourced& thread(std::uint32_t tid) { return threads_[tid]; }

    std::uint64_t start_ns_;
    bool compact_;
    std::uint64_t threshold_ns_;
    std::array<Sourced, kLatencyFunctionCount> functions_{};
    std::array<Sourced, kLatencySizeClassCount> size_classes_{};
    std::map<std::uint32_t, Sourced> threads_;
    // Calls per (function, size class), from whichever source counts them.
    std::array<std::array<std::uint64_t, kLatencySizeClassCount>, kLatencyFunctionCount> calls_{};
    std::map<std::pair<std::size_t, std::size_t>, SlowCallClass> classes_;
    std::vector<SlowCall> slowest_;  // a min-heap by duration, at most kSlowestKept
    FlatU64Map<LiveBlock> live_;
    std::optional<std::uint64_t> last_rss_;
    std::optional<std::uint64_t> last_stall_us_;  // PSI "some" total
    // Each thread's last timed call, for the record of what happened inside it.
    struct LastCall {
        std::size_t function = 0;
        std::size_t size_class = 0;
        bool slow = false;
        std::uint64_t id = 0;
    };
    std::map<std::uint32_t, LastCall> last_call_;
    std::uint64_t calls_seen_ = 0;
};

}  // namespace memscope::analysis
