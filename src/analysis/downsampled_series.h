// One value over time, kept in a bounded number of time buckets whatever the
// trace length. Each bucket remembers its minimum, maximum and last sample
// with their times, so a plot of the buckets still shows every spike (the peak
// survives downsampling) and where the value settled. When a sample falls
// past the last bucket, neighbouring buckets are merged pairwise and the
// bucket width doubles: memory stays bounded without knowing the duration
// in advance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace memscope::analysis {

struct SeriesPoint {
    std::uint64_t time_ns = 0;
    std::uint64_t value = 0;
};

class DownsampledSeries {
  public:
    // max_buckets >= 2; points() yields at most 3 * max_buckets points.
    explicit DownsampledSeries(std::size_t max_buckets, std::uint64_t initial_width_ns = 1024);

    // Times must not decrease.
    void add(std::uint64_t time_ns, std::uint64_t value);

    // Minimum, maximum and last sample of each bucket, in time order, without
    // repeating a sample that plays two roles.
    std::vector<SeriesPoint> points() const;

    bool empty() const { return buckets_.empty(); }
    std::uint64_t bucket_width_ns() const { return width_; }

  private:
    struct Bucket {
        bool used = false;
        SeriesPoint min;
        SeriesPoint max;
        SeriesPoint last;
    };

    void halve_resolution();

    std::size_t max_buckets_;
    std::uint64_t width_;
    std::uint64_t origin_ns_ = 0;
    std::vector<Bucket> buckets_;  // grows up to max_buckets_
};

}  // namespace memscope::analysis
