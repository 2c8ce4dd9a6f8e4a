// Event buffers: a lock-free free list (index-tagged against ABA) that threads
// take from, and a lock-free queue of full buffers (a Treiber stack the writer
// empties at once and reverses, so each thread's buffers come out in order).
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/core/event_buffer.h"

namespace memscope::runtime {

class BufferPool {
  public:
    static constexpr std::uint32_t kMaxBuffers = 16384;

    // Maps the descriptor array; false if that fails.
    bool init();

    // A buffer to fill: recycled, or newly mapped. nullptr when none can be had.
    EventBuffer* acquire();
    // Back to the free list once the writer has written all of it.
    void recycle(EventBuffer* buffer);

    void push_full(EventBuffer* buffer);
    // Every queued full buffer, oldest first, linked through next_full.
    EventBuffer* take_full_oldest_first();

    // Full buffers queued or being written: the writer's backlog.
    std::uint32_t backlog() const { return backlog_.load(std::memory_order_relaxed); }

  private:
    EventBuffer* pop_free();
    void push_free(EventBuffer* buffer);

    EventBuffer* descriptors_ = nullptr;
    std::atomic<std::uint32_t> created_{0};
    std::atomic<std::uint64_t> free_head_{0};  // tag << 32 | (index + 1), 0 = empty
    std::atomic<EventBuffer*> full_head_{nullptr};
    std::atomic<std::uint32_t> backlog_{0};
};

}  // namespace memscope::runtime
