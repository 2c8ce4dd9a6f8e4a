#include "analysis/sample_weight.h"

#include <cmath>

namespace memscope::analysis {

double SampleWeighting::probability(std::uint64_t size) const {
    if (rate_ == 0) return 1.0;
    return -std::expm1(-static_cast<double>(size) / static_cast<double>(rate_));
}

SampleWeight SampleWeighting::weigh_sampled(std::uint64_t size, std::uint64_t address,
                                            std::uint64_t time_ns) const {
    const double p = probability(size);
    // A zero-byte block is never sampled; one recorded anyway (before the
    // recorder knew its mode) stands for itself.
    if (!(p > 0.0)) return SampleWeight{size, 1};
    const double blocks = 1.0 / p;
    const double whole = std::floor(blocks);
    std::uint64_t h = (address ^ (time_ns * 0x9e3779b97f4a7c15ull)) + 0x632be59bd9b4e019ull;
    h = (h ^ (h >> 31)) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    const double uniform = static_cast<double>(h >> 11) * 0x1.0p-53;
    SampleWeight w;
    w.blocks = static_cast<std::uint64_t>(whole) + (uniform < blocks - whole ? 1 : 0);
    w.bytes = static_cast<std::uint64_t>(std::llround(static_cast<double>(size) * blocks));
    return w;
}

}  // namespace memscope::analysis
