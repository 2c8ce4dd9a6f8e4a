// Peak heap and each stack's share of it, in O(1) per event.
//
// Copying every stack's bytes at each new peak would cost O(stacks) per peak,
// and a growing heap sets a new peak on almost every allocation. Instead every
// new peak bumps an epoch. Before a stack's live bytes change, if a peak has
// happened since the stack last synced, its unchanged live bytes are exactly its
// value at that peak, so they are saved then. A stack not touched since the last
// peak still holds its value at the peak in live_bytes.
#pragma once

#include <cstdint>

#include "analysis/stack_usage.h"

namespace memscope::analysis {

class PeakTracker {
  public:
    // Call before changing s.live_bytes / s.live_blocks.
    void before_change(StackUsage& s) const {
        if (s.peak_epoch != epoch_) {
            s.peak_bytes = s.live_bytes;
            s.peak_blocks = s.live_blocks;
            s.peak_epoch = epoch_;
        }
    }

    // Call after the heap total changed; records a new peak when it is one.
    void after_change(std::uint64_t heap_bytes, std::uint64_t time_ns) {
        if (heap_bytes > peak_bytes_) {
            peak_bytes_ = heap_bytes;
            peak_time_ns_ = time_ns;
            ++epoch_;
        }
    }

    std::uint64_t bytes_at_peak(const StackUsage& s) const {
        return s.peak_epoch == epoch_ ? s.peak_bytes : s.live_bytes;
    }
    std::uint64_t blocks_at_peak(const StackUsage& s) const {
        return s.peak_epoch == epoch_ ? s.peak_blocks : s.live_blocks;
    }

    std::uint64_t peak_bytes() const { return peak_bytes_; }
    std::uint64_t peak_time_ns() const { return peak_time_ns_; }  // absolute, 0 when no peak

  private:
    std::uint64_t epoch_ = 0;
    std::uint64_t peak_bytes_ = 0;
    std::uint64_t peak_time_ns_ = 0;
};

}  // namespace memscope::analysis
