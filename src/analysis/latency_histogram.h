// Durations of allocator calls in a log-linear histogram: exact below 16 ns,
// then 16 buckets per power of two, so a percentile read from it is within
// about 3% of the true value while the histogram stays a fixed ~1000 counters
// whatever the trace length. Minimum and maximum are exact.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace memscope::analysis {

class LatencyHistogram {
  public:
    static constexpr unsigned kSubBucketBits = 4;
    static constexpr std::uint64_t kSubBuckets = 1u << kSubBucketBits;
    static constexpr std::size_t kBuckets = kSubBuckets + (64 - kSubBucketBits) * kSubBuckets;

    void add(std::uint64_t duration_ns);
    // Adds count calls known only to lie in [low_ns, high_ns): an entry of a
    // trace's own duration histogram. The maximum becomes high_ns - 1 at most
    // until set_exact_max() says better.
    void add_range(std::uint64_t low_ns, std::uint64_t high_ns, std::uint64_t count);
    // The exact slowest call, when known from elsewhere (outlier events).
    void set_exact_max(std::uint64_t max_ns) { max_ = max_ns; }

    static std::size_t bucket_of(std::uint64_t duration_ns);
    // [low, high) of a bucket; high is 0 for the last bucket (no upper bound).
    static std::uint64_t bucket_low(std::size_t bucket);
    static std::uint64_t bucket_high(std::size_t bucket);

    std::uint64_t count() const { return count_; }
    std::uint64_t min_ns() const { return count_ == 0 ? 0 : min_; }
    std::uint64_t max_ns() const { return max_; }
    std::uint64_t sum_ns() const { return sum_; }

    // The duration at fraction q (0 < q <= 1) of the calls: the middle of the
    // bucket holding that rank, clamped to [min, max]; the maximum for the
    // last rank. 0 when empty.
    std::uint64_t quantile(double q) const;

    struct Bucket {
        std::uint64_t low_ns = 0;
        std::uint64_t high_ns = 0;
        std::uint64_t count = 0;
    };
    // Non-empty buckets in increasing order.
    std::vector<Bucket> non_empty_buckets() const;

  private:
    std::array<std::uint64_t, kBuckets> counts_{};
    std::uint64_t count_ = 0;
    std::uint64_t min_ = UINT64_MAX;
    std::uint64_t max_ = 0;
    std::uint64_t sum_ = 0;
};

}  // namespace memscope::analysis
