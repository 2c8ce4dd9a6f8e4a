#include "runtime/core/sampled_blocks.h"

#include <atomic>

#include "runtime/core/recording_mode.h"
#include "runtime/core/system_calls.h"

namespace memscope::runtime {

namespace {

constexpr std::uint32_t kSlotsPerBucket = 8;
constexpr std::uint64_t kDesignLiveHeapBytes = std::uint64_t{16} << 30;
constexpr std::uint64_t kMinBuckets = std::uint64_t{1} << 12;
constexpr std::uint64_t kMaxBuckets = std::uint64_t{1} << 19;  // 32 MiB of address space

struct alignas(64) Bucket {
    std::atomic<std::uintptr_t> slots[kSlotsPerBucket];
};

enum TableState : std::uint32_t { kUnmapped = 0, kMapping = 1, kMapped = 2, kFailed = 3 };

// Mapped with the raw system call and not registered with recorder_memory: a
// fork child keeps it, because its heap still holds the parent's sampled blocks.
std::atomic<Bucket*> g_buckets{nullptr};
std::atomic<std::uint32_t> g_state{kUnmapped};
unsigned g_bucket_shift = 64;  // 64 - log2(buckets), published with g_buckets

Bucket* buckets() {
    return g_buckets.load(std::memory_order_acquire);
}

Bucket* map_table() {
    std::uint32_t expected = kUnmapped;
    if (!g_state.compare_exchange_strong(expected, kMapping, std::memory_order_acq_rel)) {
        // Another thread is mapping it; its sample is not worth waiting for.
        return buckets();
    }
    const std::uint64_t count =
        sampled_block_buckets(g_sample_rate_bytes.load(std::memory_order_relaxed));
    auto* table = static_cast<Bucket*>(map_anonymous(count * sizeof(Bucket)));
    if (table == nullptr) {
        g_state.store(kFailed, std::memory_order_release);
        return nullptr;
    }
    g_bucket_shift = 64u - static_cast<unsigned>(__builtin_ctzll(count));
    g_buckets.store(table, std::memory_order_release);
    g_state.store(kMapped, std::memory_order_release);
    return table;
}

Bucket& home_bucket(Bucket* table, std::uintptr_t a) {
    // Fibonacci hashing: the product's top bits mix every address bit.
    return table[(a * 0x9e3779b97f4a7c15ull) >> g_bucket_shift];
}

}  // namespace

std::uint64_t sampled_block_buckets(std::uint64_t rate) {
    if (rate == 0) rate = kDefaultSampleRateBytes;
    // Expected live samples of a heap: at most heap / rate (small blocks
    // sample at 1 per `rate` bytes, blocks over `rate` count once each).
    // Half an expected sample per 8-slot bucket makes a full bucket (8 or
    // more of a Poisson(0.5)) a 1e-7 event.
    const std::uint64_t wanted = kDesignLiveHeapBytes / rate * 2;
    std::uint64_t count = kMinBuckets;
    while (count < wanted && count < kMaxBuckets) count <<= 1;
    return count;
}

bool remember_sampled_block(const void* block) {
    const auto a = reinterpret_cast<std::uintptr_t>(block);
    if (a == 0) return false;
    Bucket* table = buckets();
    if (table == nullptr && (table = map_table()) == nullptr) return false;
    Bucket& b = home_bucket(table, a);
    for (auto& slot : b.slots) {
        std::uintptr_t seen = slot.load(std::memory_order_relaxed);
        if (seen == 0 && slot.compare_exchange_strong(seen, a, std::memory_order_relaxed))
            return true;
    }
    return false;
}

bool forget_sampled_block(const void* block) {
    Bucket* table = buckets();
    if (table == nullptr) return false;
    const auto a = reinterpret_cast<std::uintptr_t>(block);
    Bucket& b = home_bucket(table, a);
    for (auto& slot : b.slots) {
        std::uintptr_t seen = slot.load(std::memory_order_relaxed);
        // Only the block's owner frees it, so nobody else removes this entry.
        if (seen == a) {
            slot.store(0, std::memory_order_relaxed);
            return true;
        }
    }
    return false;
}

}  // namespace memscope::runtime
