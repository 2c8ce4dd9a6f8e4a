// What one recorded allocation stands for. In a full trace, itself. In a
// sampled trace (header mode sampled, sample_rate_bytes = R) an allocation of
// s bytes was recorded with probability p = 1 - exp(-s / R), so the unbiased
// (Horvitz-Thompson) estimate counts it as 1/p allocations of s/p bytes in
// total. Weights are computed here, never stored in the trace.
#pragma once

#include <cstdint>

namespace memscope::analysis {

struct SampleWeight {
    std::uint64_t bytes = 0;   // s / p, rounded to the nearest byte
    std::uint64_t blocks = 1;  // 1 / p, rounded up or down (see weigh)
};

class SampleWeighting {
  public:
    SampleWeighting() = default;
    explicit SampleWeighting(std::uint64_t sample_rate_bytes) : rate_(sample_rate_bytes) {}

    bool sampled() const { return rate_ != 0; }
    std::uint64_t sample_rate_bytes() const { return rate_; }

    // The chance that an allocation of `size` bytes is sampled (1 in full mode).
    double probability(std::uint64_t size) const;

    // The weight of an allocation, a pure function of its size, address and
    // time so that the release of a block takes off exactly what its
    // allocation added. The block count 1/p is rounded down or up with a
    // chance equal to its fraction, drawn from a hash of address and time:
    // unbiased, and the same on every replay of the trace.
    SampleWeight weigh(std::uint64_t size, std::uint64_t address, std::uint64_t time_ns) const {
        if (rate_ == 0) return SampleWeight{size, 1};
        return weigh_sampled(size, address, time_ns);
    }

  private:
    SampleWeight weigh_sampled(std::uint64_t size, std::uint64_t address,
                               std::uint64_t time_ns) const;

    std::uint64_t rate_ = 0;  // 0: every allocation was recorded
};

}  // namespace memscope::analysis
