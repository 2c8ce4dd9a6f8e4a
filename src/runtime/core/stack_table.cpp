#include "runtime/core/stack_table.h"

#include "runtime/core/recorder_memory.h"

namespace memscope::runtime {

namespace {

constexpr std::uint32_t kLevelSlots[StackTable::kLevelCount] = {1u << 16, 1u << 18, 1u << 20,
                                                                1u << 22, 1u << 23};
// A level takes inserts until it is half full; the last level can hold every
// node at that load, so probing always finds an empty slot.
static_assert(kLevelSlots[StackTable::kLevelCount - 1] / 2 >= StackTable::kMaxNodes);

std::uint64_t mix(std::uint32_t parent, std::uint64_t ip) {
    std::uint64_t h =
        ip * 0x9e3779b97f4a7c15ull ^ (parent + 0x632be59bd9b4e019ull) * 0xc2b2ae3d27d4eb4full;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    return h;
}

}  // namespace

bool StackTable::init() {
    void* nodes = recorder_map(sizeof(Node) * kMaxNodes);
    if (nodes == nullptr) return false;
    nodes_ = static_cast<Node*>(nodes);
    next_id_.store(1, std::memory_order_relaxed);
    for (int i = 0; i < kLevelCount; ++i) {
        levels_[i] = nullptr;
        level_used_[i].store(0, std::memory_order_relaxed);
    }
    top_level_.store(0, std::memory_order_relaxed);
    levels_[0] = static_cast<std::atomic<std::uint32_t>*>(
        recorder_map(sizeof(std::uint32_t) * kLevelSlots[0]));
    return levels_[0] != nullptr;
}

bool StackTable::add_level(int level) {
    auto* fresh = static_cast<std::atomic<std::uint32_t>*>(
        recorder_map(sizeof(std::uint32_t) * kLevelSlots[level]));
    if (fresh == nullptr) return false;
    std::atomic_ref<std::atomic<std::uint32_t>*> slot(levels_[level]);
    std::atomic<std::uint32_t>* expected = nullptr;
    if (!slot.compare_exchange_strong(expected, fresh, std::memory_order_acq_rel))
        recorder_unmap(fresh, sizeof(std::uint32_t) * kLevelSlots[level]);
    int top = level - 1;
    top_level_.compare_exchange_strong(top, level, std::memory_order_acq_rel);
    return true;
}

std::uint32_t StackTable::intern(std::uint32_t parent, std::uint64_t ip, bool* created) {
    *created = false;
    const std::uint64_t h = mix(parent, ip);
    std::uint32_t reserved = 0;  // a node id taken for this key, if any
    for (;;) {
        const int top = top_level_.load(std::memory_order_acquire);
        // Older levels: look only.
        for (int level = 0; level < top; ++level) {
            std::atomic_ref<std::atomic<std::uint32_t>*> ref(levels_[level]);
            std::atomic<std::uint32_t>* slots = ref.load(std::memory_order_acquire);
            const std::uint32_t mask = kLevelSlots[level] - 1;
            for (std::uint32_t i = static_cast<std::uint32_t>(h) & mask;; i = (i + 1) & mask) {
                const std::uint32_t v = slots[i].load(std::memory_order_acquire);
                if (v == 0) break;
                if (matches(v, parent, ip)) return v;
            }
        }
        if (level_used_[top].load(std::memory_order_relaxed) >= kLevelSlots[top] / 2 &&
            top + 1 < kLevelCount && add_level(top + 1))
            continue;
        // A level that could not grow stops short of filling up, so probes end.
        if (level_used_[top].load(std::memory_order_relaxed) >=
            kLevelSlots[top] - kLevelSlots[top] / 8)
            return 0;
        std::atomic_ref<std::atomic<std::uint32_t>*> ref(levels_[top]);
        std::atomic<std::uint32_t>* slots = ref.load(std::memory_order_acquire);
        const std::uint32_t mask = kLevelSlots[top] - 1;
        for (std::uint32_t i = static_cast<std::uint32_t>(h) & mask;; i = (i + 1) & mask) {
            std::uint32_t v = slots[i].load(std::memory_order_acquire);
            if (v == 0) {
                if (reserved == 0) {
                    reserved = next_id_.fetch_add(1, std::memory_order_relaxed);
                    if (reserved >= kMaxNodes) {
                        next_id_.store(kMaxNodes, std::memory_order_relaxed);
                        return 0;
                    }
                    nodes_[reserved].ip = ip;
                    nodes_[reserved].parent = parent;
                }
                if (slots[i].compare_exchange_strong(v, reserved, std::memory_order_release,
                                                     std::memory_order_acquire)) {
                    level_used_[top].fetch_add(1, std::memory_order_relaxed);
                    *created = true;
                    return reserved;
                }
                // Lost the slot: v is the winner, compare against it below.
            }
            if (matches(v, parent, ip)) return v;  // a reserved id stays unused
        }
    }
}

}  // namespace memscope::runtime
