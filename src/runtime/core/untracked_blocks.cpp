#include "runtime/core/untracked_blocks.h"

#include <atomic>
#include <cstdint>

namespace memscope::runtime {

namespace {

constexpr std::uint32_t kSlots = 8192;
constexpr std::uint32_t kMaxProbe = 64;
constexpr std::uintptr_t kEmpty = 0;
constexpr std::uintptr_t kRemoved = 1;

std::atomic<std::uintptr_t> g_blocks[kSlots];
// Lets the free path skip the probe entirely while nothing is remembered.
std::atomic<std::uint32_t> g_count{0};

std::uint32_t home_slot(std::uintptr_t a) {
    return static_cast<std::uint32_t>((a >> 4) * 0x9e3779b97f4a7c15ull >> 51) & (kSlots - 1);
}

}  // namespace

void remember_untracked_block(const void* block) {
    const auto a = reinterpret_cast<std::uintptr_t>(block);
    if (a <= kRemoved) return;
    std::uint32_t i = home_slot(a);
    for (std::uint32_t probe = 0; probe < kMaxProbe; ++probe, i = (i + 1) & (kSlots - 1)) {
        std::uintptr_t seen = g_blocks[i].load(std::memory_order_relaxed);
        if (seen != kEmpty && seen != kRemoved) continue;
        if (g_blocks[i].compare_exchange_strong(seen, a, std::memory_order_relaxed)) {
            g_count.fetch_add(1, std::memory_order_relaxed);
            return;
        }
    }
}

bool forget_untracked_block(const void* block) {
    if (g_count.load(std::memory_order_relaxed) == 0) return false;
    const auto a = reinterpret_cast<std::uintptr_t>(block);
    std::uint32_t i = home_slot(a);
    for (std::uint32_t probe = 0; probe < kMaxProbe; ++probe, i = (i + 1) & (kSlots - 1)) {
        std::uintptr_t seen = g_blocks[i].load(std::memory_order_relaxed);
        if (seen == kEmpty) return false;
        if (seen == a &&
            g_blocks[i].compare_exchange_strong(seen, kRemoved, std::memory_order_relaxed)) {
            g_count.fetch_sub(1, std::memory_order_relaxed);
            return true;
        }
    }
    return false;
}

}  // namespace memscope::runtime
