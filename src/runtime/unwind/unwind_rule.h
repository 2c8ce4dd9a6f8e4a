// The compact unwinding rule of one code address on x86-64: where the caller's
// frame starts (the CFA, canonical frame address) and where the caller's rbp
// is. It covers what compilers emit for ordinary functions: CFA = rsp or rbp +
// offset, return address at CFA - 8, rbp either untouched or saved in a CFA
// slot. Anything else (CFA expressions, signal frames, registers saved in
// other registers) is kUnknown and the whole stack falls back to libunwind.
#pragma once

#include <cstdint>

namespace memscope::unwind {

enum class RuleKind : std::uint8_t {
    kEmpty = 0,      // no rule (an unused cache slot)
    kCfaRsp = 1,     // CFA = rsp + cfa_offset
    kCfaRbp = 2,     // CFA = rbp + cfa_offset
    kOutermost = 3,  // return address undefined: the stack ends here
    kUnknown = 4,    // not expressible; another unwinder must take this stack
};

struct UnwindRule {
    RuleKind kind = RuleKind::kEmpty;
    std::uint32_t cfa_offset = 0;  // < kMaxCfaOffset
    std::uint32_t rbp_slot = 0;    // 0: rbp unchanged; k: saved at CFA - 8 * k (< kMaxRbpSlot)

    static constexpr std::uint32_t kCfaOffsetBits = 20;
    static constexpr std::uint32_t kRbpSlotBits = 8;
    static constexpr std::uint32_t kMaxCfaOffset = 1u << kCfaOffsetBits;
    static constexpr std::uint32_t kMaxRbpSlot = 1u << kRbpSlotBits;

    static constexpr UnwindRule unknown() { return UnwindRule{RuleKind::kUnknown, 0, 0}; }
    static constexpr UnwindRule outermost() { return UnwindRule{RuleKind::kOutermost, 0, 0}; }

    bool operator==(const UnwindRule&) const = default;
};

// What frame-pointer unwinding assumes of every frame: push rbp; mov rsp, rbp.
inline constexpr UnwindRule kFramePointerRule{RuleKind::kCfaRbp, 16, 2};

}  // namespace memscope::unwind
