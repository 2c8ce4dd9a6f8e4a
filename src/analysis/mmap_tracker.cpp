#include "analysis/mmap_tracker.h"

#include <algorithm>
#include <iterator>
#include <limits>

namespace memscope::analysis {

MmapTracker::MmapTracker(std::uint64_t page_size) : page_size_(page_size ? page_size : 4096) {}

std::uint64_t MmapTracker::round_up(std::uint64_t length) const {
    const std::uint64_t rest = length % page_size_;
    if (rest == 0) return length;
    const std::uint64_t pad = page_size_ - rest;
    return length > std::numeric_limits<std::uint64_t>::max() - pad ? length : length + pad;
}

void MmapTracker::on_mmap(const trace::Event& e) {
    const std::uint64_t length = round_up(e.size);
    if (length == 0 || e.address > std::numeric_limits<std::uint64_t>::max() - length) return;
    const std::uint64_t end = e.address + length;
    unmap_range(e.address, end);  // MAP_FIXED replaces whatever was there
    regions_[e.address] = Region{end, e.stack};
    ++totals_.calls;
    totals_.mapped_bytes += length;
    totals_.live_bytes += length;
    totals_.peak_bytes = std::max(totals_.peak_bytes, totals_.live_bytes);
}

void MmapTracker::on_munmap(const trace::Event& e) {
    const std::uint64_t length = round_up(e.size);
    if (length == 0) return;
    const std::uint64_t end = e.address > std::numeric_limits<std::uint64_t>::max() - length
                                  ? std::numeric_limits<std::uint64_t>::max()
                                  : e.address + length;
    unmap_range(e.address, end);
}

void MmapTracker::unmap_range(std::uint64_t begin, std::uint64_t end) {
    auto it = regions_.upper_bound(begin);
    if (it != regions_.begin() && std::prev(it)->second.end > begin) --it;
    while (it != regions_.end() && it->first < end) {
        const std::uint64_t start = it->first;
        const Region region = it->second;
        it = regions_.erase(it);
        const std::uint64_t cut_begin = std::max(start, begin);
        const std::uint64_t cut_end = std::min(region.end, end);
        totals_.live_bytes -= cut_end - cut_begin;
        if (start < begin) regions_[start] = Region{begin, region.stack};
        if (region.end > end) it = regions_.emplace(end, Region{region.end, region.stack}).first;
    }
}

}  // namespace memscope::analysis
