#include "runtime/core/recording_mode.h"

#include <stdlib.h>

#include <cstring>

namespace memscope::runtime {

std::atomic<ModeDecision> g_mode_decision{ModeDecision::kUndecided};
std::atomic<std::uint64_t> g_sample_rate_bytes{kDefaultSampleRateBytes};

std::uint64_t parse_sample_rate(const char* text) {
    if (text == nullptr || *text < '0' || *text > '9') return 0;
    std::uint64_t value = 0;
    const char* p = text;
    for (; *p >= '0' && *p <= '9'; ++p) {
        value = value * 10 + static_cast<std::uint64_t>(*p - '0');
        if (value > (std::uint64_t{1} << 40)) return 0;
    }
    std::uint64_t unit = 1;
    if (*p == 'K' || *p == 'k') {
        unit = 1024;
        ++p;
    } else if (*p == 'M' || *p == 'm') {
        unit = 1024 * 1024;
        ++p;
    } else if (*p == 'G' || *p == 'g') {
        unit = 1024 * 1024 * 1024;
        ++p;
    }
    if (unit != 1 && std::strcmp(p, "iB") == 0) p += 2;
    if (*p == 'B' || *p == 'b') ++p;
    if (*p != '\0') return 0;
    return value * unit;
}

ModeDecision decide_recording_mode(bool final) {
    const char* mode = getenv("MEMSCOPE_MODE");
    ModeDecision d = ModeDecision::kFull;
    if (mode != nullptr && std::strcmp(mode, "sampled") == 0) {
        const std::uint64_t rate = parse_sample_rate(getenv("MEMSCOPE_SAMPLE_RATE"));
        if (rate != 0) g_sample_rate_bytes.store(rate, std::memory_order_relaxed);
        d = ModeDecision::kSampled;
    } else if (mode != nullptr && std::strcmp(mode, "aggregate") == 0) {
        d = ModeDecision::kAggregate;
    } else if (mode == nullptr && !final) {
        return ModeDecision::kUndecided;
    }
    // The first decision stands: threads may already be sampling by it.
    ModeDecision expected = ModeDecision::kUndecided;
    if (!g_mode_decision.compare_exchange_strong(expected, d, std::memory_order_acq_rel))
        return expected;
    return d;
}

}  // namespace memscope::runtime
