// Typed events, as analysis passes see them. Produced by the reader from the
// record stream; nothing downstream of the reader knows the byte layout.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "format/record_types.h"

namespace memscope::trace {

using StackId = std::uint32_t;  // 0 = no stack captured

enum class EventKind : std::uint8_t {
    kAlloc,   // heap block allocated: address, size, stack, func
    kFree,    // heap block freed: address (from_realloc set for realloc's free half)
    kMmap,    // anonymous mapping created: address, size (length), stack
    kMunmap,  // mapping removed: address, size (length)
    kThreadStart,
    kThreadExit,
    kRssSample,   // value = resident set size in bytes
    kPhaseBegin,  // text = name
    kPhaseEnd,
    kMark,         // text = label
    kPoolCreate,   // pool, size = capacity, text = name
    kPoolAlloc,    // pool, address, size, stack
    kPoolFree,     // pool, address
    kPoolDestroy,  // pool
    kGpuAlloc,     // value = device, address, size, stack
    kGpuFree,      // value = device, address
    kFork,         // value = child pid
    kExec,         // text = path
    kProcessExit,  // value = exit code or signal, how = format::ExitHow, size = max RSS bytes
    kLostEvents,   // value = number of events the recorder dropped
    // value = calls of one kind whose durations fell in [duration_ns,
    // duration_max_ns); how = AllocFunc value, or format::kDurationOpFree for
    // free; size = format::DurationSizeClass. With compact timing (the default)
    // this is how call durations arrive: the alloc and free events themselves
    // carry a duration only when it reached the trace's outlier threshold.
    kCallDurations,
    // Aggregate-mode traces (trace/aggregate_records.h decodes text): the run's
    // heap totals, then one allocation stack's totals (stack = its id).
    kRunTotals,
    kSiteTotals,
    // System-wide memory stall totals (/proc/pressure/memory), in microseconds
    // since boot: value = "some", size = "full". Only changes are recorded.
    kPressureSample,
    // What the allocator did inside the call recorded just before on this
    // thread: how = AllocFunc or format::kDurationOpFree, size = request (0
    // for a free), duration_ns, value = flags (format::kInsideOwnMapping),
    // address = bytes the heap's break moved, as a signed 64-bit value;
    // minor_faults, major_faults, arena_heap_delta.
    kCallInside,
};

struct Event {
    EventKind kind;
    format::AllocFunc func = format::AllocFunc::kMalloc;  // kAlloc only
    bool from_realloc = false;  // kAlloc/kFree halves of a realloc, kMunmap/kMmap of an mremap
    std::uint8_t how = 0;       // kProcessExit
    // kAlloc: the same chunk (so the same thread) frees this block later, by
    // a kFree with chunk_paired set. kFree: the block was allocated earlier in
    // this chunk, by a kAlloc with chunk_paired set, and size and stack are
    // that allocation's. The reader finds these pairs while decoding (the
    // address model resolves each free to its allocation), so a pass may keep
    // such a block out of its address table altogether. Not every pair is
    // marked: blocks that cross chunks, row chunks and damaged chunks are not.
    bool chunk_paired = false;
    std::uint32_t tid = 0;
    StackId stack = 0;
    std::uint64_t time_ns = 0;          // CLOCK_MONOTONIC; subtract header.start_monotonic_ns
    std::uint64_t duration_ns = 0;      // time spent in the allocator call (0 when not timed)
    std::uint64_t duration_max_ns = 0;  // kCallDurations: the bucket's exclusive upper bound
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    std::uint64_t pool = 0;
    std::uint64_t value = 0;
    std::string_view text;           // valid only during the callback
    std::uint64_t minor_faults = 0;  // kCallInside: page faults during the call
    std::uint64_t major_faults = 0;
    std::int64_t arena_heap_delta =
        0;  // kCallInside: a thread arena's heap grew (+) or gave back (-)
};

// While TraceReader::read_events runs: what the reader has decoded but not
// yet given to the sink, for the questions a heap replay cannot answer from
// the events it has seen.
class UndeliveredEvents {
  public:
    virtual ~UndeliveredEvents() = default;
    // The allocations paired within their chunk (Event::chunk_paired) that
    // the sink has been given while their paired free has not come yet:
    // calls found(allocation) for each of them at `address`. A decoder pairs
    // a free with the allocation its own thread made of that address earlier
    // in the chunk; if another thread freed that block in between (and the
    // address came back to this thread), the other thread's free looks like
    // a free of an unknown block to a pass that kept the paired block out of
    // its table. Such a pass asks here.
    virtual void live_at(std::uint64_t address,
                         const std::function<void(const Event&)>& found) const = 0;
    // True when thread tid's events at time_ns that are still to come touch
    // `address` first with a free. Times rounded to a unit cannot order
    // threads within the unit: another thread's free of that address at that
    // time is then not of the block tid is about to free itself, but of one
    // allocated again within the unit.
    virtual bool frees_first_at(std::uint32_t tid, std::uint64_t address,
                                std::uint64_t time_ns) const = 0;
};

// Analysis passes implement this; the reader calls it once per event in time order.
class EventSink {
  public:
    virtual ~EventSink() = default;
    virtual void on_event(const Event& e) = 0;
    // A heap event naming this address comes a few events later: a sink that
    // looks addresses up in a table larger than the cache may start loading
    // the entry now, so the lookup does not wait on memory.
    virtual void prefetch_address(std::uint64_t /*address*/) {}
    // The reader calls this before the first event with what it can answer,
    // and with nullptr after the last. A sink that never gets it must not rely
    // on Event::chunk_paired.
    virtual void attach_undelivered_events(const UndeliveredEvents* /*undelivered*/) {}
};

struct StackNode {
    StackId parent = 0;
    std::uint64_t ip = 0;  // return address (caller frames) or call site
};

struct Segment {
    std::uint64_t vaddr = 0;  // p_vaddr of a PT_LOAD segment
    std::uint64_t memsz = 0;
};

struct Module {
    std::string path;
    std::string build_id;  // lowercase hex, empty if the module has none
    std::uint64_t load_bias = 0;
    std::vector<Segment> segments;
    std::uint64_t load_time_ns = 0;
    std::uint64_t unload_time_ns = 0;  // 0 = still loaded at the end

    bool contains(std::uint64_t address) const {
        for (const auto& s : segments)
            if (address >= load_bias + s.vaddr && address < load_bias + s.vaddr + s.memsz)
                return true;
        return false;
    }
};

struct ThreadInfo {
    std::uint32_t tid = 0;
    std::string name;
    std::uint64_t start_ns = 0;
    std::uint64_t exit_ns = 0;
};

}  // namespace memscope::trace
