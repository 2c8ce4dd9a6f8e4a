#include "runtime/preload/bootstrap_arena.h"

#include <atomic>
#include <cstdint>
#include <cstring>

namespace memscope::preload {

namespace {

constexpr std::size_t kArenaBytes = 256 * 1024;
constexpr std::size_t kHeader = 16;  // block size, kept in front of each block

alignas(64) unsigned char g_arena[kArenaBytes];
std::atomic<std::size_t> g_used{0};

}  // namespace

void* bootstrap_allocate(std::size_t size, std::size_t alignment) {
    if (alignment < 16) alignment = 16;
    if (size > kArenaBytes) return nullptr;
    std::size_t used = g_used.load(std::memory_order_relaxed);
    for (;;) {
        std::size_t start = (used + kHeader + alignment - 1) & ~(alignment - 1);
        const std::size_t end = start + ((size + 15) & ~std::size_t{15});
        if (end > kArenaBytes) return nullptr;
        if (g_used.compare_exchange_weak(used, end, std::memory_order_relaxed)) {
            const std::uint64_t block = size;
            std::memcpy(g_arena + start - kHeader, &block, sizeof(block));
            return g_arena + start;  // zero: the arena is static
        }
    }
}

bool bootstrap_owns(const void* p) {
    const auto* c = static_cast<const unsigned char*>(p);
    return c >= g_arena && c < g_arena + kArenaBytes;
}

std::size_t bootstrap_block_size(const void* p) {
    std::uint64_t block = 0;
    std::memcpy(&block, static_cast<const unsigned char*>(p) - kHeader, sizeof(block));
    return static_cast<std::size_t>(block);
}

}  // namespace memscope::preload
