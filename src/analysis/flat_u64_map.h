// Open-addressing hash map from non-zero 64-bit keys to small values. The heap
// replay does one lookup per event over millions of live blocks, where a
// node-based std::unordered_map would allocate per insert and chase pointers.
// Linear probing with backward-shift deletion keeps probes short without tombstones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace memscope::analysis {

template <typename V>
class FlatU64Map {
  public:
    FlatU64Map() { rehash(16); }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    // Key 0 is reserved for empty slots; callers offset keys that can be 0.
    V* find(std::uint64_t key) {
        for (std::size_t i = slot_of(key);; i = (i + 1) & mask_) {
            if (slots_[i].key == key) return &slots_[i].value;
            if (slots_[i].key == 0) return nullptr;
        }
    }

    // Returns the value for key, default-constructed when it was absent.
    void prefetch(std::uint64_t key) const { __builtin_prefetch(&slots_[slot_of(key)]); }

    std::pair<V*, bool> insert(std::uint64_t key) {
        if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
        for (std::size_t i = slot_of(key);; i = (i + 1) & mask_) {
            if (slots_[i].key == key) return {&slots_[i].value, false};
            if (slots_[i].key == 0) {
                slots_[i].key = key;
                slots_[i].value = V{};
                ++size_;
                return {&slots_[i].value, true};
            }
        }
    }

    // Removes key, moving its value to *out when given. False when absent.
    bool erase(std::uint64_t key, V* out = nullptr) {
        std::size_t i = slot_of(key);
        for (;; i = (i + 1) & mask_) {
            if (slots_[i].key == key) break;
            if (slots_[i].key == 0) return false;
        }
        if (out) *out = std::move(slots_[i].value);
        // Shift later members of the probe run back so no lookup stops early.
        std::size_t hole = i;
        for (std::size_t j = (i + 1) & mask_; slots_[j].key != 0; j = (j + 1) & mask_) {
            const std::size_t home = slot_of(slots_[j].key);
            const bool movable =
                (j > hole) ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots_[hole] = std::move(slots_[j]);
                hole = j;
            }
        }
        slots_[hole].key = 0;
        --size_;
        return true;
    }

    template <typename F>
    void for_each(F&& f) const {
        for (const auto& s : slots_)
            if (s.key != 0) f(s.key, s.value);
    }

  private:
    struct Slot {
        std::uint64_t key = 0;
        V value{};
    };

    std::size_t slot_of(std::uint64_t key) const {
        // Fibonacci hashing: heap addresses share their low bits, the top bits mix well.
        return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
    }

    void rehash(std::size_t capacity) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        shift_ = 64;
        for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
        size_ = 0;
        for (auto& s : old) {
            if (s.key == 0) continue;
            for (std::size_t i = slot_of(s.key);; i = (i + 1) & mask_) {
                if (slots_[i].key == 0) {
                    slots_[i] = std::move(s);
                    ++size_;
                    break;
                }
            }
        }
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    unsigned shift_ = 64;
    std::size_t size_ = 0;
};

}  // namespace memscope::analysis
