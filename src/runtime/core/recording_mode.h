// Whether this process records every event (full), a Poisson sample of its
// allocations by bytes (sampled), or per-site totals kept in the process and
// written at exit (aggregate). The hooks ask on every call, so the answer is
// one relaxed load; it is decided from MEMSCOPE_MODE / MEMSCOPE_SAMPLE_RATE
// by the first hook that can read the environment, and latched for good by the
// library constructor. A fork child keeps its parent's mode; an exec'd image
// decides again from its environment.
#pragma once

#include <atomic>
#include <cstdint>

namespace memscope::runtime {

inline constexpr std::uint64_t kDefaultSampleRateBytes = 512 * 1024;

enum class ModeDecision : std::uint32_t { kUndecided = 0, kFull = 1, kSampled = 2, kAggregate = 3 };

extern std::atomic<ModeDecision> g_mode_decision;
extern std::atomic<std::uint64_t> g_sample_rate_bytes;  // set before g_mode_decision

// Reads the environment. Before the constructor (final = false) an
// environment without MEMSCOPE_MODE leaves the mode undecided (the loader may
// call malloc before libc has set environ up); the constructor decides for good.
ModeDecision decide_recording_mode(bool final);

inline ModeDecision recording_mode_decision() {
    const ModeDecision d = g_mode_decision.load(std::memory_order_acquire);
    if (d == ModeDecision::kUndecided) [[unlikely]]
        return decide_recording_mode(false);
    return d;
}

inline bool sampling_allocations() {
    return recording_mode_decision() == ModeDecision::kSampled;
}

inline bool aggregating_allocations() {
    return recording_mode_decision() == ModeDecision::kAggregate;
}

// "512K", "64KiB", "1MiB", "4096": bytes, or 0 when the text is not a size.
std::uint64_t parse_sample_rate(const char* text);

}  // namespace memscope::runtime
