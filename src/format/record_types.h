// Record types of the event stream inside a chunk. docs/format.md is the spec;
// this header is its code form and the only place the numbers live.
//
// Every record is:  u8 type | varint payload_len | payload
// and every payload starts with  varint ts_delta  (ns since the previous record
// of the same chunk stream; the first record's delta is from the chunk's base_ts).
// Unknown types are skipped by length, so new types never break old readers.
//
// Field lists below follow ts_delta, in order. "addr~" marks an address encoded
// as a zigzag varint delta from the stream's previous heap address (see
// AddressDelta), "str" is varint length + bytes.
#pragma once

#include <cstdint>

namespace memscope::format {

enum class RecordType : std::uint8_t {
    kAlloc = 1,            // func, addr~, size, stack_id, duration_ns
    kFree = 2,             // addr~, duration_ns
    kRealloc = 3,          // func, old_addr~, new_addr~, size, stack_id, duration_ns
                           //   [, alloc_delay_ns]: the free of old_addr happens at
                           //   ts, the alloc of new_addr at ts + alloc_delay_ns
                           //   (default duration_ns)
    kMmap = 4,             // addr, length, prot, flags, stack_id, duration_ns
    kMunmap = 5,           // addr, length, duration_ns
    kMremap = 6,           // old_addr, old_length, new_addr, new_length, stack_id, duration_ns
    kModuleLoad = 7,       // load_bias, segment_count, {vaddr, memsz}*, build_id(str), path(str)
    kModuleUnload = 8,     // load_bias
    kStackNode = 9,        // node_id, parent_id (0 = root), ip
    kThreadStart = 10,     // (tid is the chunk's)
    kThreadName = 11,      // name(str)
    kThreadExit = 12,      //
    kRssSample = 13,       // rss_bytes
    kSmapsSample = 14,     // rss, pss, anonymous, swap, private_dirty (bytes)
    kPhaseBegin = 15,      // name(str)
    kPhaseEnd = 16,        //
    kMark = 17,            // label(str)
    kPoolCreate = 18,      // pool, capacity, name(str)
    kPoolAlloc = 19,       // pool, addr, size, stack_id
    kPoolFree = 20,        // pool, addr
    kPoolDestroy = 21,     // pool
    kGpuAlloc = 22,        // device, addr, size, stack_id, duration_ns
    kGpuFree = 23,         // device, addr, duration_ns
    kMpiBuffer = 24,       // op, addr, size, peer, tag, stack_id
    kLatencyOutlier = 25,  // func, duration_ns, stack_id
    kFork = 26,            // child_pid
    kExec = 27,            // path(str)
    kProcessExit = 28,     // how (ExitHow), value (exit code or signal), max_rss_bytes
    kLostEvents = 29,      // count (events the recorder had to drop, e.g. stack table full)
    kCallDurations = 30,   // op (AllocFunc, 9 = free), size_class, bucket, count: how many
                           //   calls took a duration in that bucket (column_layout.h)
    kSiteTotals = 31,      // stack_id, allocations, allocated_bytes, free_calls, temporary,
                           //   peak_bytes, peak_blocks, leaked_bytes, leaked_blocks: one
                           //   allocation stack over an aggregate-mode run
    kRunTotals = 32,       // peak_bytes, peak_ts, unknown_frees, site_count: the heap of
                           //   an aggregate-mode run; written before its site totals
    kPressureSample = 33,  // some_us, full_us: /proc/pressure/memory's cumulative stall
                           //   totals, written when they moved since the last sample
    kCallInside = 34,      // op (AllocFunc, 9 = free), size, duration_ns, flags, brk_delta
                           //   (zigzag), minor_faults, major_faults, arena_heap_delta
                           //   (zigzag): what the allocator did inside the call just
                           //   recorded on this thread
                           //   (flags: 1 = its own mapping)
};

inline constexpr std::uint8_t kMaxRecordType = 34;
// kCallInside flags.
inline constexpr std::uint64_t kInsideOwnMapping = 1;

// Which allocator entry point produced an allocation.
enum class AllocFunc : std::uint8_t {
    kMalloc = 0,
    kCalloc = 1,
    kRealloc = 2,
    kReallocArray = 3,
    kPosixMemalign = 4,
    kAlignedAlloc = 5,
    kMemalign = 6,
    kValloc = 7,
    kPvalloc = 8,
};
inline constexpr std::uint8_t kAllocFuncCount = 9;

inline constexpr const char* alloc_func_name(AllocFunc f) {
    switch (f) {
        case AllocFunc::kMalloc:
            return "malloc";
        case AllocFunc::kCalloc:
            return "calloc";
        case AllocFunc::kRealloc:
            return "realloc";
        case AllocFunc::kReallocArray:
            return "reallocarray";
        case AllocFunc::kPosixMemalign:
            return "posix_memalign";
        case AllocFunc::kAlignedAlloc:
            return "aligned_alloc";
        case AllocFunc::kMemalign:
            return "memalign";
        case AllocFunc::kValloc:
            return "valloc";
        case AllocFunc::kPvalloc:
            return "pvalloc";
    }
    return "unknown";
}

enum class ExitHow : std::uint8_t {
    kExit = 0,    // exit()/return from main; value = status
    kSignal = 1,  // fatal signal caught by the recorder; value = signal number
    kExec = 2,    // image replaced by execve; the new image writes a new trace
};

// Heap addresses are delta-coded against the previous heap address in the same
// chunk stream (alloc, free, realloc), which makes them small and compressible.
// The state resets at every chunk start to the chunk header's base_addr.
struct AddressDelta {
    std::uint64_t previous = 0;
    std::int64_t encode(std::uint64_t addr) {
        const auto d = static_cast<std::int64_t>(addr - previous);
        previous = addr;
        return d;
    }
    std::uint64_t decode(std::int64_t delta) {
        previous += static_cast<std::uint64_t>(delta);
        return previous;
    }
};

}  // namespace memscope::format
