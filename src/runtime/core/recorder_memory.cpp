#include "runtime/core/recorder_memory.h"

#include <atomic>
#include <cstdint>

#include "runtime/core/system_calls.h"

namespace memscope::runtime {

namespace {

struct Region {
    std::atomic<void*> address;
    std::atomic<std::size_t> bytes;
};

// Buffers are the bulk of the entries (one per MiB of events in flight).
constexpr std::uint32_t kMaxRegions = 32768;
Region g_regions[kMaxRegions];
std::atomic<std::uint32_t> g_region_count{0};

}  // namespace

void* recorder_map(std::size_t bytes) {
    void* p = map_anonymous(bytes);
    if (p == nullptr) return nullptr;
    const std::uint32_t i = g_region_count.fetch_add(1, std::memory_order_relaxed);
    if (i < kMaxRegions) {
        g_regions[i].bytes.store(bytes, std::memory_order_relaxed);
        g_regions[i].address.store(p, std::memory_order_release);
    }
    return p;
}

void recorder_unmap(void* address, std::size_t bytes) {
    const std::uint32_t n = g_region_count.load(std::memory_order_acquire);
    for (std::uint32_t i = 0; i < n && i < kMaxRegions; ++i) {
        void* expected = address;
        if (g_regions[i].address.compare_exchange_strong(expected, nullptr)) break;
    }
    unmap_anonymous(address, bytes);
}

void recorder_unmap_all() {
    const std::uint32_t n = g_region_count.load(std::memory_order_acquire);
    for (std::uint32_t i = 0; i < n && i < kMaxRegions; ++i) {
        void* p = g_regions[i].address.exchange(nullptr, std::memory_order_relaxed);
        const std::size_t bytes = g_regions[i].bytes.load(std::memory_order_relaxed);
        if (p != nullptr && bytes != 0) unmap_anonymous(p, bytes);
    }
    g_region_count.store(0, std::memory_order_release);
}

}  // namespace memscope::runtime
