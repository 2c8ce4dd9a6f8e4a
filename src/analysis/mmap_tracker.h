// Anonymous mappings, kept apart from the heap. An interval map of mapped
// ranges makes partial munmap, and mmap over an existing range, exact.
// Lengths are rounded up to whole pages, as the kernel maps them.
#pragma once

#include <cstdint>
#include <map>

#include "trace/event.h"

namespace memscope::analysis {

struct MmapTotals {
    std::uint64_t calls = 0;         // mmap calls (an mremap counts as one)
    std::uint64_t mapped_bytes = 0;  // page-rounded bytes over all mmap calls
    std::uint64_t peak_bytes = 0;    // most bytes mapped at once
    std::uint64_t live_bytes = 0;    // mapped now; still mapped at the end of the trace
};

class MmapTracker {
  public:
    explicit MmapTracker(std::uint64_t page_size);

    void on_mmap(const trace::Event& e);
    void on_munmap(const trace::Event& e);

    const MmapTotals& totals() const { return totals_; }
    std::size_t region_count() const { return regions_.size(); }

  private:
    struct Region {
        std::uint64_t end = 0;
        trace::StackId stack = 0;
    };

    std::uint64_t round_up(std::uint64_t length) const;
    void unmap_range(std::uint64_t begin, std::uint64_t end);

    std::uint64_t page_size_;
    std::map<std::uint64_t, Region> regions_;  // keyed by start address
    MmapTotals totals_;
};

}  // namespace memscope::analysis
