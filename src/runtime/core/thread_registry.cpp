#include "runtime/core/thread_registry.h"

#include <new>

#include "runtime/core/recorder_memory.h"

namespace memscope::runtime {

bool ThreadRegistry::init() {
    // A fork child gets here after its parent's chunks were unmapped.
    for (auto& chunk : chunks_) chunk.store(nullptr, std::memory_order_relaxed);
    high_water_.store(0, std::memory_order_relaxed);
    return ensure_chunk(0);
}

bool ThreadRegistry::ensure_chunk(std::uint32_t chunk) {
    if (chunks_[chunk].load(std::memory_order_acquire) != nullptr) return true;
    const std::size_t bytes = sizeof(ThreadSlot) * kSlotsPerChunk;
    auto* fresh = static_cast<ThreadSlot*>(recorder_map(bytes));
    if (fresh == nullptr) return false;
    ThreadSlot* expected = nullptr;
    if (!chunks_[chunk].compare_exchange_strong(expected, fresh, std::memory_order_acq_rel))
        recorder_unmap(fresh, bytes);
    return true;
}

ThreadSlot* ThreadRegistry::claim() {
    for (;;) {
        std::uint32_t n = high_water();
        for (std::uint32_t i = 0; i < n; ++i) {
            ThreadSlot& slot = at(i);
            std::uint32_t expected = kSlotFree;
            if (slot.status.load(std::memory_order_relaxed) == kSlotFree &&
                slot.status.compare_exchange_strong(expected, kSlotLive,
                                                    std::memory_order_acquire)) {
                slot.index = i;
                return &slot;
            }
        }
        if (n >= kMaxThreads || !ensure_chunk(n / kSlotsPerChunk)) return nullptr;
        // Grow by one slot (its chunk is mapped); whoever gets to it first
        // takes it in the next scan.
        high_water_.compare_exchange_strong(n, n + 1, std::memory_order_acq_rel);
    }
}

void ThreadRegistry::release(ThreadSlot* slot) {
    slot->next_seq_to_write = 0;
    slot->current.store(nullptr, std::memory_order_relaxed);
    slot->status.store(kSlotFree, std::memory_order_release);
}

}  // namespace memscope::runtime
