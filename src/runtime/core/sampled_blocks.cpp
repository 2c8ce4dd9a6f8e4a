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

// In front of the table, a 32 KiB count of the entries in each group of
// kMaxBuckets / kGroups buckets (at most 16 buckets, 128 entries: a byte
// holds it). The table spans megabytes, so probing it on every free would
// miss the cache; the counts stay cache-resident and are almost all zero
// (a heap holds few samples), so the free of an unsampled block usually
// reads only them.
constexpr std::uint32_t kGroups = 32768;
std::atomic<std::uint8_t> g_group_entries[kGroups];
unsigned g_group_shift = 0;  // bucket index >> this = group, published with g_buckets

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
    g_group_shift = count > kGroups ? static_cast<unsigned>(__builtin_ctzll(count / kGroups)) : 0;
    g_buckets.store(table, std::memory_order_release);
    g_state.store(kMapped, std::memory_order_release);
    return table;
}

// Fibonacci hashing: the product's top bits mix every address bit.
std::uint64_t bucket_index(std::uintptr_t a) {
    return (a * 0x9e3779b97f4a7c15ull) >> g_bucket_shift;
}

std::atomic<std::uint8_t>& group_entries(std::uint64_t bucket) {
    return g_group_entries[(bucket >> g_group_shift) & (kGroups - 1)];
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
    const std::uint64_t index = bucket_index(a);
    for (auto& slot : table[index].slots) {
        std::uintptr_t seen = slot.load(std::memory_order_relaxed);
        if (seen == 0 && slot.compare_exchange_strong(seen, a, std::memory_order_relaxed)) {
            group_entries(index).fetch_add(1, std::memory_order_relaxed);
            return true;
        }
    }
    return false;
}

bool forget_sampled_block(const void* block) {
    Bucket* table = buckets();
    if (table == nullptr) return false;
    const auto a = reinterpret_cast<std::uintptr_t>(block);
    const std::uint64_t index = bucket_index(a);
    // The allocation's hook counted its entry before returning the block, and
    // the program ordered that return before this free: a zero is exact.
    if (group_entries(index).load(std::memory_order_relaxed) == 0) return false;
    for (auto& slot : table[index].slots) {
        std::uintptr_t seen = slot.load(std::memory_order_relaxed);
        // Only the block's owner frees it, so nobody else removes this entry.
        if (seen == a) {
            slot.store(0, std::memory_order_relaxed);
            group_entries(index).fetch_sub(1, std::memory_order_relaxed);
            return true;
        }
    }
    return false;
}

}  // namespace memscope::runtime
