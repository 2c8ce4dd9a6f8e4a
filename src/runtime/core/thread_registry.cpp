#include "runtime/core/thread_registry.h"

#include <new>

#include "runtime/core/recorder_memory.h"

namespace memscope::runtime {

bool ThreadRegistry::init() {
    void* memory = recorder_map(sizeof(ThreadSlot) * kMaxThreads);
    if (memory == nullptr) return false;
    slots_ = static_cast<ThreadSlot*>(memory);
    high_water_.store(0, std::memory_order_relaxed);
    return true;
}

ThreadSlot* ThreadRegistry::claim() {
    for (;;) {
        std::uint32_t n = high_water();
        for (std::uint32_t i = 0; i < n; ++i) {
            std::uint32_t expected = kSlotFree;
            if (slots_[i].status.load(std::memory_order_relaxed) == kSlotFree &&
                slots_[i].status.compare_exchange_strong(expected, kSlotLive,
                                                         std::memory_order_acquire)) {
                slots_[i].index = i;
                return &slots_[i];
            }
        }
        if (n >= kMaxThreads) return nullptr;
        // Grow by one slot; whoever gets to it first takes it in the next scan.
        high_water_.compare_exchange_strong(n, n + 1, std::memory_order_acq_rel);
    }
}

void ThreadRegistry::release(ThreadSlot* slot) {
    slot->next_seq_to_write = 0;
    slot->current.store(nullptr, std::memory_order_relaxed);
    slot->status.store(kSlotFree, std::memory_order_release);
}

}  // namespace memscope::runtime
