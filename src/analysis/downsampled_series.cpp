#include "analysis/downsampled_series.h"

#include <algorithm>

namespace memscope::analysis {

DownsampledSeries::DownsampledSeries(std::size_t max_buckets, std::uint64_t initial_width_ns)
    : max_buckets_(std::max<std::size_t>(max_buckets, 2)),
      width_(std::max<std::uint64_t>(initial_width_ns, 1)) {}

void DownsampledSeries::add(std::uint64_t time_ns, std::uint64_t value) {
    if (buckets_.empty()) origin_ns_ = time_ns;
    const std::uint64_t offset = time_ns >= origin_ns_ ? time_ns - origin_ns_ : 0;
    while (offset / width_ >= max_buckets_) halve_resolution();
    const std::size_t index = static_cast<std::size_t>(offset / width_);
    if (index >= buckets_.size()) buckets_.resize(index + 1);
    Bucket& b = buckets_[index];
    const SeriesPoint p{time_ns, value};
    if (!b.used) {
        b = Bucket{true, p, p, p};
        return;
    }
    if (value < b.min.value) b.min = p;
    if (value > b.max.value) b.max = p;
    b.last = p;
}

void DownsampledSeries::halve_resolution() {
    std::vector<Bucket> merged((buckets_.size() + 1) / 2);
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        const Bucket& from = buckets_[i];
        if (!from.used) continue;
        Bucket& to = merged[i / 2];
        if (!to.used) {
            to = from;
            continue;
        }
        // from is later in time than to: ties keep the earlier sample.
        if (from.min.value < to.min.value) to.min = from.min;
        if (from.max.value > to.max.value) to.max = from.max;
        to.last = from.last;
    }
    buckets_ = std::move(merged);
    width_ *= 2;
}

std::vector<SeriesPoint> DownsampledSeries::points() const {
    std::vector<SeriesPoint> out;
    for (const Bucket& b : buckets_) {
        if (!b.used) continue;
        SeriesPoint ordered[3] = {b.min, b.max, b.last};
        std::stable_sort(
            std::begin(ordered), std::end(ordered),
            [](const SeriesPoint& x, const SeriesPoint& y) { return x.time_ns < y.time_ns; });
        for (const SeriesPoint& p : ordered) {
            if (!out.empty() && out.back().time_ns == p.time_ns && out.back().value == p.value)
                continue;
            out.push_back(p);
        }
    }
    return out;
}

}  // namespace memscope::analysis
