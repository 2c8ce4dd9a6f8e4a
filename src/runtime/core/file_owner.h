// Who may write the trace file right now. The writer thread takes it for each
// round of work; exit, exec and fatal-signal paths take it with a bounded wait
// (a thread that never gets it gives up rather than deadlocks) and keep it.
// The owner alone touches the zstd context, the file offset, the buffers'
// written/chain fields and the process stream.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/core/system_calls.h"

namespace memscope::runtime {

class FileOwner {
  public:
    bool try_acquire(std::uint32_t tid) {
        std::uint32_t expected = 0;
        return owner_.compare_exchange_strong(expected, tid, std::memory_order_acquire,
                                              std::memory_order_relaxed);
    }

    bool acquire_within(std::uint32_t tid, std::uint64_t timeout_ns) {
        constexpr std::uint64_t kPollNs = 1000000;
        for (std::uint64_t waited = 0;; waited += kPollNs) {
            if (try_acquire(tid)) return true;
            if (owner_.load(std::memory_order_relaxed) == tid) return false;  // re-entered
            if (waited >= timeout_ns) return false;
            sleep_ns(kPollNs);
        }
    }

    void release() { owner_.store(0, std::memory_order_release); }
    bool held_by(std::uint32_t tid) const { return owner_.load(std::memory_order_relaxed) == tid; }
    void reset() { owner_.store(0, std::memory_order_relaxed); }

  private:
    std::atomic<std::uint32_t> owner_{0};
};

}  // namespace memscope::runtime
