#include "analysis/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace memscope::analysis {

std::size_t LatencyHistogram::bucket_of(std::uint64_t duration_ns) {
    if (duration_ns < kSubBuckets) return static_cast<std::size_t>(duration_ns);
    const unsigned exponent = static_cast<unsigned>(std::bit_width(duration_ns)) - 1;
    const unsigned shift = exponent - kSubBucketBits;
    const std::uint64_t sub = (duration_ns >> shift) & (kSubBuckets - 1);
    return static_cast<std::size_t>(kSubBuckets + shift * kSubBuckets + sub);
}

std::uint64_t LatencyHistogram::bucket_low(std::size_t bucket) {
    if (bucket < kSubBuckets) return bucket;
    const std::uint64_t shift = (bucket - kSubBuckets) / kSubBuckets;
    const std::uint64_t sub = (bucket - kSubBuckets) % kSubBuckets;
    return (kSubBuckets + sub) << shift;
}

std::uint64_t LatencyHistogram::bucket_high(std::size_t bucket) {
    return bucket + 1 < kBuckets ? bucket_low(bucket + 1) : 0;
}

void LatencyHistogram::add(std::uint64_t duration_ns) {
    ++counts_[bucket_of(duration_ns)];
    ++count_;
    min_ = std::min(min_, duration_ns);
    max_ = std::max(max_, duration_ns);
    sum_ += duration_ns;
}

void LatencyHistogram::add_range(std::uint64_t low_ns, std::uint64_t high_ns, std::uint64_t count) {
    if (count == 0) return;
    const std::uint64_t top = high_ns > low_ns ? high_ns - 1 : low_ns;
    counts_[bucket_of(low_ns)] += count;
    count_ += count;
    min_ = std::min(min_, low_ns);
    max_ = std::max(max_, top);
    sum_ += (low_ns + (top - low_ns) / 2) * count;
}

std::uint64_t LatencyHistogram::quantile(double q) const {
    if (count_ == 0) return 0;
    const double wanted = std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_));
    const std::uint64_t rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(wanted));
    if (rank >= count_) return max_;  // the slowest call is known exactly
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < kBuckets; ++b) {
        seen += counts_[b];
        if (seen < rank) continue;
        const std::uint64_t low = bucket_low(b);
        const std::uint64_t high = bucket_high(b);
        const std::uint64_t middle = high == 0 ? low : low + (high - low - 1) / 2;
        return std::clamp(middle, min_ns(), max_);
    }
    return max_;
}

std::vector<LatencyHistogram::Bucket> LatencyHistogram::non_empty_buckets() const {
    std::vector<Bucket> out;
    for (std::size_t b = 0; b < kBuckets; ++b)
        if (counts_[b] != 0) out.push_back(Bucket{bucket_low(b), bucket_high(b), counts_[b]});
    return out;
}

}  // namespace memscope::analysis
