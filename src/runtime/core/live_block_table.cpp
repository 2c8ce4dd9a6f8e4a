#include "runtime/core/live_block_table.h"

#include "runtime/core/recorder_memory.h"

namespace memscope::runtime {

namespace {

// 4 Ki buckets (16 Ki blocks, 260 KiB) first, four times more per level.
constexpr unsigned kFirstLevelBits = 12;
constexpr unsigned kLevelBitsStep = 2;

unsigned level_bits(int level) {
    return kFirstLevelBits + kLevelBitsStep * static_cast<unsigned>(level);
}

std::uint64_t bucket_count(int level) {
    return std::uint64_t{1} << level_bits(level);
}

std::uint64_t entry_count(int level) {
    return bucket_count(level) * 4;
}

// Fibonacci hashing: the product's top bits mix every address bit.
std::uint64_t home_bucket(std::uint64_t address, int level) {
    return (address * 0x9e3779b97f4a7c15ull) >> (64 - level_bits(level));
}

}  // namespace

bool LiveBlockTable::init() {
    for (auto& level : levels_) {
        level.buckets.store(nullptr, std::memory_order_relaxed);
        level.used.store(0, std::memory_order_relaxed);
    }
    top_.store(0, std::memory_order_relaxed);
    return add_level(0);
}

void LiveBlockTable::release() {
    for (int i = 0; i < kLevelCount; ++i) {
        Bucket* b = levels_[i].buckets.exchange(nullptr, std::memory_order_relaxed);
        if (b != nullptr) recorder_unmap(b, bucket_count(i) * (sizeof(Bucket) + 1));
        levels_[i].used.store(0, std::memory_order_relaxed);
    }
    top_.store(0, std::memory_order_relaxed);
}

bool LiveBlockTable::add_level(int level) {
    const std::uint64_t bytes = bucket_count(level) * (sizeof(Bucket) + 1);
    auto* fresh = static_cast<Bucket*>(recorder_map(bytes));
    if (fresh == nullptr) return false;
    Bucket* expected = nullptr;
    if (!levels_[level].buckets.compare_exchange_strong(expected, fresh, std::memory_order_acq_rel))
        recorder_unmap(fresh, bytes);
    int below = level - 1;
    top_.compare_exchange_strong(below, level, std::memory_order_acq_rel);
    return true;
}

bool LiveBlockTable::insert(std::uint64_t address, Block block) {
    if (address == 0 || block.size > kMaxSize || block.site >= (1u << kSiteBits)) return false;
    const std::uint64_t packed = block.size << kSiteBits | block.site;
    for (;;) {
        const int top = top_.load(std::memory_order_acquire);
        const bool can_grow = top + 1 < kLevelCount;
        const std::uint64_t used = levels_[top].used.load(std::memory_order_relaxed);
        if (used >= entry_count(top) / 2 && can_grow && add_level(top + 1)) continue;
        if (used >= entry_count(top) / 4 * 3) return false;
        if (insert_into(top, address, packed)) return true;
        // Its probe window is full: a larger level has room.
        if (!can_grow || !add_level(top + 1)) return false;
    }
}

bool LiveBlockTable::insert_into(int index, std::uint64_t address, std::uint64_t packed) {
    Level& level = levels_[index];
    Bucket* buckets = level.buckets.load(std::memory_order_acquire);
    const std::uint64_t mask = bucket_count(index) - 1;
    auto* displaced = reinterpret_cast<std::atomic<std::uint8_t>*>(buckets + bucket_count(index));
    const std::uint64_t home = home_bucket(address, index);
    for (std::uint32_t probe = 0; probe < kMaxProbe; ++probe) {
        for (Entry& e : buckets[(home + probe) & mask].entries) {
            std::uint64_t seen = e.address.load(std::memory_order_relaxed);
            if (seen != 0 ||
                !e.address.compare_exchange_strong(seen, address, std::memory_order_relaxed))
                continue;
            e.packed.store(packed, std::memory_order_relaxed);
            if (probe != 0) displaced[home].fetch_add(1, std::memory_order_relaxed);
            level.used.fetch_add(1, std::memory_order_relaxed);
            return true;
        }
    }
    return false;
}

bool LiveBlockTable::remove(std::uint64_t address, Block* out) {
    if (address == 0) return false;
    // The block's insert and the counts it bumped happened before the program
    // could free it, so a level counting zero blocks does not hold it.
    for (int i = top_.load(std::memory_order_acquire); i >= 0; --i) {
        if (levels_[i].used.load(std::memory_order_relaxed) == 0) continue;
        if (remove_from(i, address, out)) return true;
    }
    return false;
}

bool LiveBlockTable::remove_from(int index, std::uint64_t address, Block* out) {
    Level& level = levels_[index];
    Bucket* buckets = level.buckets.load(std::memory_order_acquire);
    if (buckets == nullptr) return false;
    const std::uint64_t mask = bucket_count(index) - 1;
    auto* displaced = reinterpret_cast<std::atomic<std::uint8_t>*>(buckets + bucket_count(index));
    const std::uint64_t home = home_bucket(address, index);
    for (std::uint32_t probe = 0; probe < kMaxProbe; ++probe) {
        if (probe == 1 && displaced[home].load(std::memory_order_relaxed) == 0) return false;
        for (Entry& e : buckets[(home + probe) & mask].entries) {
            if (e.address.load(std::memory_order_relaxed) != address) continue;
            // Only the block's owner frees it, so nobody else removes this entry.
            const std::uint64_t packed = e.packed.load(std::memory_order_relaxed);
            e.address.store(0, std::memory_order_relaxed);
            if (probe != 0) displaced[home].fetch_sub(1, std::memory_order_relaxed);
            level.used.fetch_sub(1, std::memory_order_relaxed);
            out->site = static_cast<std::uint32_t>(packed & ((1u << kSiteBits) - 1));
            out->size = packed >> kSiteBits;
            return true;
        }
    }
    return false;
}

std::uint64_t LiveBlockTable::size() const {
    std::uint64_t n = 0;
    for (const auto& level : levels_) n += level.used.load(std::memory_order_relaxed);
    return n;
}

}  // namespace memscope::runtime
