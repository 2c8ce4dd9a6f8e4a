// Event timestamps: nanoseconds on the CLOCK_MONOTONIC scale, read from the
// CPU's time-stamp counter when it is invariant (a vDSO clock_gettime costs
// several times more, four times per malloc/free pair). The TSC is converted
// with a linear map calibrated against CLOCK_MONOTONIC at start and refined by
// the writer thread; each refinement starts, at the moment it is published,
// where the previous map is then, so time never jumps. Without an invariant TSC, clock_gettime is
// used directly.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/core/clock.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define MEMSCOPE_HAVE_TSC 1
#endif

namespace memscope::runtime {

// Tick counts times a 32.32 rate overflow 64 bits after a few seconds.
__extension__ typedef unsigned __int128 WideProduct;

struct TscMapping {
    std::atomic<std::uint32_t> sequence{0};  // odd while being updated
    std::atomic<std::uint64_t> base_tsc{0};
    std::atomic<std::uint64_t> base_ns{0};
    std::atomic<std::uint64_t> ns_per_tick_q32{0};  // nanoseconds per tick, 32.32 fixed point
    std::atomic<bool> usable{false};
};

extern TscMapping g_tsc_mapping;

// Calibrates (about 200 us); the mapping is inherited by fork children.
void init_event_clock();
// Writer thread, periodically: pulls the mapping back onto CLOCK_MONOTONIC.
void refine_event_clock();

// A count on the nanosecond scale of a mapping (base_tsc, base_ns, scale).
inline std::uint64_t mapped_ns(std::uint64_t tsc, std::uint64_t base_tsc, std::uint64_t base_ns,
                               std::uint64_t scale) {
    const std::uint64_t ticks = tsc > base_tsc ? tsc - base_tsc : 0;
    return base_ns + static_cast<std::uint64_t>((static_cast<WideProduct>(ticks) * scale) >> 32);
}

namespace detail {

// AfterLoads: the counter is read only once the loads before it are done
// (see release_clock_ns). lfence, not rdtscp: every x86-64 CPU has it.
template <bool AfterLoads>
inline std::uint64_t clock_ns() {
#ifdef MEMSCOPE_HAVE_TSC
    TscMapping& m = g_tsc_mapping;
    if (__builtin_expect(m.usable.load(std::memory_order_relaxed), 1)) {
        for (;;) {
            // A seqlock read. Acquire loads of the fields (plain moves on x86)
            // keep the second sequence load after them, without a fence. The
            // counter is read inside: a thread preempted between reading the
            // mapping and the counter while a refinement was published would
            // otherwise convert a later count with the older mapping, and its
            // event could come out earlier than another thread's event that
            // happened before it.
            const std::uint32_t s = m.sequence.load(std::memory_order_acquire);
            const std::uint64_t base_tsc = m.base_tsc.load(std::memory_order_acquire);
            const std::uint64_t base_ns = m.base_ns.load(std::memory_order_acquire);
            const std::uint64_t scale = m.ns_per_tick_q32.load(std::memory_order_acquire);
            if constexpr (AfterLoads) _mm_lfence();
            const std::uint64_t tsc = __rdtsc();
            if ((s & 1) != 0 || m.sequence.load(std::memory_order_relaxed) != s) continue;
            return mapped_ns(tsc, base_tsc, base_ns, scale);
        }
    }
#endif
    return monotonic_ns();
}

}  // namespace detail

inline std::uint64_t event_clock_ns() {
    return detail::clock_ns<false>();
}

// The time a block is released at (a free, the old block of a realloc). The
// CPU may read the time-stamp counter ahead of loads before it: the load that
// fetched the pointer from another thread may still be on its way, and the
// free would be stamped before that thread's allocation of the block. The
// fence makes the reading wait for them (about 1-2% on churn and 5% on the
// sqlite workload: bench/RESULTS.md, session 7).
inline std::uint64_t release_clock_ns() {
    return detail::clock_ns<true>();
}

}  // namespace memscope::runtime
