// A process-wide, lock-free cache of unwinding rules keyed by code address.
// Each slot is one 64-bit word holding both the rule and the address's tag, so
// a reader sees a whole entry or none: no lock, no sequence counter, safe in a
// signal handler. Direct-mapped: a colliding address simply replaces the old
// entry (it is recomputed on its next use). The table is static storage
// (.bss, zero pages until touched), so a fork child inherits it intact.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/unwind/unwind_rule.h"

namespace memscope::unwind {

class RuleCache {
  public:
    static constexpr std::uint32_t kIndexBits = 16;
    static constexpr std::uint32_t kSlots = 1u << kIndexBits;

    // True and the rule when key's entry is present.
    bool find(std::uintptr_t key, UnwindRule& rule) const {
        const std::uint64_t word = slots_[index_of(key)].load(std::memory_order_relaxed);
        if ((word >> kTagShift) != tag_of(key) || (word & kKindMask) == 0) return false;
        rule.kind = static_cast<RuleKind>(word & kKindMask);
        rule.cfa_offset = static_cast<std::uint32_t>((word >> kOffsetShift) & kOffsetMask);
        rule.rbp_slot = static_cast<std::uint32_t>((word >> kSlotShift) & kSlotMask);
        return true;
    }

    // Keys at or above kMaxKey are not cached (no user-space code lives there
    // with 4-level page tables).
    void store(std::uintptr_t key, const UnwindRule& rule) {
        if (key >= kMaxKey) return;
        const std::uint64_t word = static_cast<std::uint64_t>(rule.kind) |
                                   (std::uint64_t{rule.cfa_offset} & kOffsetMask) << kOffsetShift |
                                   (std::uint64_t{rule.rbp_slot} & kSlotMask) << kSlotShift |
                                   tag_of(key) << kTagShift;
        slots_[index_of(key)].store(word, std::memory_order_relaxed);
    }

    // After a module is unloaded: its addresses may hold other code later.
    void clear() {
        for (auto& slot : slots_) slot.store(0, std::memory_order_relaxed);
    }

  private:
    static constexpr std::uint32_t kKindBits = 3;
    static constexpr std::uint64_t kKindMask = (1u << kKindBits) - 1;
    static constexpr std::uint32_t kOffsetShift = kKindBits;
    static constexpr std::uint64_t kOffsetMask = UnwindRule::kMaxCfaOffset - 1;
    static constexpr std::uint32_t kSlotShift = kOffsetShift + UnwindRule::kCfaOffsetBits;
    static constexpr std::uint64_t kSlotMask = UnwindRule::kMaxRbpSlot - 1;
    static constexpr std::uint32_t kTagShift = kSlotShift + UnwindRule::kRbpSlotBits;
    // The tag is the key without its low kIndexBits bits; the slot index mixes
    // those low bits with the tag, so (tag, index) identifies the key exactly.
    static constexpr std::uint32_t kTagBits = 64 - kTagShift;
    static constexpr std::uintptr_t kMaxKey = std::uintptr_t{1} << (kTagBits + kIndexBits);

    static std::uint64_t tag_of(std::uintptr_t key) { return key >> kIndexBits; }
    static std::uint32_t index_of(std::uintptr_t key) {
        return static_cast<std::uint32_t>((key ^ (key >> kIndexBits)) & (kSlots - 1));
    }

    std::atomic<std::uint64_t> slots_[kSlots];
};

}  // namespace memscope::unwind
