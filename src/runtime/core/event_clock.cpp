#include "runtime/core/event_clock.h"

#ifdef MEMSCOPE_HAVE_TSC
#include <cpuid.h>
#endif

namespace memscope::runtime {

constinit TscMapping g_tsc_mapping;

#ifdef MEMSCOPE_HAVE_TSC
namespace {

constexpr std::uint64_t kCalibrationNs = 200000;
// A refinement changes the rate by at most 1/1000: corrections stay smooth.
constexpr std::uint64_t kMaxCorrectionShift = 10;

// The first pair of readings, kept for a rate measured over the whole run.
std::uint64_t g_anchor_tsc = 0;
std::uint64_t g_anchor_ns = 0;

bool invariant_tsc() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(0x80000000u, &a, &b, &c, &d) == 0 || a < 0x80000007u) return false;
    if (__get_cpuid(0x80000007u, &a, &b, &c, &d) == 0) return false;
    return (d & (1u << 8)) != 0;
}

// A (tsc, CLOCK_MONOTONIC) pair read as close together as possible.
void read_pair(std::uint64_t& tsc, std::uint64_t& ns) {
    std::uint64_t best_window = ~0ull;
    for (int i = 0; i < 5; ++i) {
        const std::uint64_t before = __rdtsc();
        const std::uint64_t now = monotonic_ns();
        const std::uint64_t after = __rdtsc();
        if (after - before < best_window) {
            best_window = after - before;
            tsc = before + (after - before) / 2;
            ns = now;
        }
    }
}

std::uint64_t rate_q32(std::uint64_t ns, std::uint64_t ticks) {
    return static_cast<std::uint64_t>((static_cast<WideProduct>(ns) << 32) / ticks);
}

void publish(std::uint64_t base_tsc, std::uint64_t base_ns, std::uint64_t scale) {
    TscMapping& m = g_tsc_mapping;
    const std::uint32_t s = m.sequence.load(std::memory_order_relaxed);
    // Release stores keep the odd sequence number ahead of the new fields.
    m.sequence.store(s + 1, std::memory_order_relaxed);
    m.base_tsc.store(base_tsc, std::memory_order_release);
    m.base_ns.store(base_ns, std::memory_order_release);
    m.ns_per_tick_q32.store(scale, std::memory_order_release);
    m.sequence.store(s + 2, std::memory_order_release);
}

// Replaces the rate, the new map starting where the current one is at the
// moment of the switch: a reader converts every count with the map that was
// current when it read the count (event_clock_ns), so times read before the
// switch stay below times read after it whatever the new rate. A map
// anchored at an earlier count would put counts read between that count and
// the switch above where the new map puts later ones when the rate drops.
void publish_from_now(std::uint64_t scale) {
    TscMapping& m = g_tsc_mapping;
    const std::uint32_t s = m.sequence.load(std::memory_order_relaxed);
    // The odd number is visible to every reader before the count is read: a
    // locked exchange is a full barrier (and, unlike a fence, ThreadSanitizer
    // models it).
    m.sequence.exchange(s + 1, std::memory_order_seq_cst);
    _mm_lfence();
    const std::uint64_t tsc = __rdtsc();
    _mm_lfence();
    const std::uint64_t base_tsc = m.base_tsc.load(std::memory_order_relaxed);
    const std::uint64_t base_ns = m.base_ns.load(std::memory_order_relaxed);
    const std::uint64_t old_scale = m.ns_per_tick_q32.load(std::memory_order_relaxed);
    const std::uint64_t now_ns = mapped_ns(tsc, base_tsc, base_ns, old_scale);
    m.base_tsc.store(tsc, std::memory_order_release);
    m.base_ns.store(now_ns, std::memory_order_release);
    m.ns_per_tick_q32.store(scale, std::memory_order_release);
    m.sequence.store(s + 2, std::memory_order_release);
}

}  // namespace

void init_event_clock() {
    if (g_tsc_mapping.usable.load(std::memory_order_relaxed) || !invariant_tsc()) return;
    std::uint64_t tsc0 = 0, ns0 = 0, tsc1 = 0, ns1 = 0;
    read_pair(tsc0, ns0);
    do {
        read_pair(tsc1, ns1);
    } while (ns1 - ns0 < kCalibrationNs);
    if (tsc1 <= tsc0) return;
    g_anchor_tsc = tsc0;
    g_anchor_ns = ns0;
    publish(tsc1, ns1, rate_q32(ns1 - ns0, tsc1 - tsc0));
    g_tsc_mapping.usable.store(true, std::memory_order_release);
}

void refine_event_clock() {
    TscMapping& m = g_tsc_mapping;
    if (!m.usable.load(std::memory_order_relaxed)) return;
    std::uint64_t tsc = 0, ns = 0;
    read_pair(tsc, ns);
    const std::uint64_t base_tsc = m.base_tsc.load(std::memory_order_relaxed);
    const std::uint64_t base_ns = m.base_ns.load(std::memory_order_relaxed);
    const std::uint64_t scale = m.ns_per_tick_q32.load(std::memory_order_relaxed);
    if (tsc <= base_tsc || tsc <= g_anchor_tsc) return;
    const std::uint64_t predicted = mapped_ns(tsc, base_tsc, base_ns, scale);
    // The rate measured over the whole run, nudged so that the offset from
    // CLOCK_MONOTONIC closes over about as long again as since the last time.
    std::uint64_t rate = rate_q32(ns - g_anchor_ns, tsc - g_anchor_tsc);
    const std::uint64_t limit = rate >> kMaxCorrectionShift;
    if (ns > predicted) {
        const std::uint64_t c = rate_q32(ns - predicted, tsc - base_tsc);
        rate += c < limit ? c : limit;
    } else if (predicted > ns) {
        const std::uint64_t c = rate_q32(predicted - ns, tsc - base_tsc);
        rate -= c < limit ? c : limit;
    }
    publish_from_now(rate);
}
#else
void init_event_clock() {}
void refine_event_clock() {}
#endif

}  // namespace memscope::runtime
