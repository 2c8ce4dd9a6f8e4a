#include "runtime/core/buffer_pool.h"

#include <new>

#include "runtime/core/recorder_memory.h"

namespace memscope::runtime {

bool BufferPool::init() {
    void* memory = recorder_map(sizeof(EventBuffer) * kMaxBuffers);
    if (memory == nullptr) return false;
    descriptors_ = static_cast<EventBuffer*>(memory);
    created_.store(0, std::memory_order_relaxed);
    free_head_.store(0, std::memory_order_relaxed);
    full_head_.store(nullptr, std::memory_order_relaxed);
    backlog_.store(0, std::memory_order_relaxed);
    return true;
}

EventBuffer* BufferPool::pop_free() {
    std::uint64_t head = free_head_.load(std::memory_order_acquire);
    while ((head & 0xffffffffu) != 0) {
        EventBuffer* b = &descriptors_[(head & 0xffffffffu) - 1];
        const std::uint64_t next =
            ((head >> 32) + 1) << 32 | b->next_free.load(std::memory_order_relaxed);
        if (free_head_.compare_exchange_weak(head, next, std::memory_order_acquire,
                                             std::memory_order_acquire))
            return b;
    }
    return nullptr;
}

void BufferPool::push_free(EventBuffer* buffer) {
    std::uint64_t head = free_head_.load(std::memory_order_relaxed);
    do {
        buffer->next_free.store(static_cast<std::uint32_t>(head & 0xffffffffu),
                                std::memory_order_relaxed);
    } while (!free_head_.compare_exchange_weak(head, ((head >> 32) + 1) << 32 | (buffer->index + 1),
                                               std::memory_order_release,
                                               std::memory_order_relaxed));
}

EventBuffer* BufferPool::acquire() {
    EventBuffer* b = pop_free();
    if (b == nullptr) {
        const std::uint32_t index = created_.fetch_add(1, std::memory_order_relaxed);
        if (index >= kMaxBuffers) {
            created_.fetch_sub(1, std::memory_order_relaxed);
            return nullptr;
        }
        b = new (&descriptors_[index]) EventBuffer();
        b->index = index;
    }
    if (b->data == nullptr) {
        void* data = recorder_map(kEventBufferBytes);
        if (data == nullptr) {
            push_free(b);  // the descriptor stays usable for a later attempt
            return nullptr;
        }
        b->data = static_cast<std::uint8_t*>(data);
        b->capacity = kEventBufferBytes;
    }
    return b;
}

void BufferPool::recycle(EventBuffer* buffer) {
    backlog_.fetch_sub(1, std::memory_order_relaxed);
    push_free(buffer);
}

void BufferPool::push_full(EventBuffer* buffer) {
    backlog_.fetch_add(1, std::memory_order_relaxed);
    EventBuffer* head = full_head_.load(std::memory_order_relaxed);
    do {
        buffer->next_full = head;
    } while (!full_head_.compare_exchange_weak(head, buffer, std::memory_order_release,
                                               std::memory_order_relaxed));
}

EventBuffer* BufferPool::take_full_oldest_first() {
    EventBuffer* newest_first = full_head_.exchange(nullptr, std::memory_order_acquire);
    EventBuffer* oldest_first = nullptr;
    while (newest_first != nullptr) {
        EventBuffer* next = newest_first->next_full;
        newest_first->next_full = oldest_first;
        oldest_first = newest_first;
        newest_first = next;
    }
    return oldest_first;
}

}  // namespace memscope::runtime
