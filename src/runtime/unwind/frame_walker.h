// The stack walk itself: from a register state, apply each frame's UnwindRule
// to find the caller's stack pointer, rbp and return address. Every memory
// read is checked against the stack's bounds first, and each frame's CFA must
// lie above the previous one, so a corrupt stack ends the walk instead of
// faulting or looping.
#pragma once

#include <cstdint>

#include "runtime/unwind/unwind_rule.h"

namespace memscope::unwind {

struct RegisterState {
    std::uintptr_t pc = 0;  // where execution is (not a return address)
    std::uintptr_t sp = 0;
    std::uintptr_t bp = 0;
};

// The readable part of the stack: [low, high). low is usually the stack
// pointer the walk starts from, high the end of the stack's mapping.
struct StackBounds {
    std::uintptr_t low = 0;
    std::uintptr_t high = 0;
};

enum class WalkEnd : std::uint8_t {
    kOutermost,    // a frame whose return address is undefined (_start, thread start)
    kZeroAddress,  // a return address of 0
    kBadFrame,     // a CFA or saved register outside the stack, or not above the last
    kDepthLimit,   // out is full
    kUnknownRule,  // a frame the rules cannot describe: another unwinder must take it
};

struct WalkResult {
    std::uint32_t depth = 0;
    WalkEnd end = WalkEnd::kBadFrame;
    // Remembering walks only (remembered_walk.h): the memo now holds this
    // walk; and it held the same frames after the first before this walk.
    bool remembered = false;
    bool repeated = false;
    // The stack repeats a memo whose derived value stands for it: no frame
    // was written (walk_memo_table.h, stack_capture.cpp).
    bool frames_skipped = false;
};

enum class StepEnd : std::uint8_t { kStepped, kOutermost, kBadFrame, kUnknownRule };

// One frame: regs become the caller's (pc = the return address). The ASan
// exemption is for the reads of caller frames, which are sound but may touch
// slots ASan does not track as live.
__attribute__((always_inline, no_sanitize("address"))) inline StepEnd step_frame(
    RegisterState& regs, const UnwindRule& rule, const StackBounds& bounds) {
    if (rule.kind == RuleKind::kOutermost) return StepEnd::kOutermost;
    if (rule.kind != RuleKind::kCfaRsp && rule.kind != RuleKind::kCfaRbp)
        return StepEnd::kUnknownRule;
    const std::uintptr_t base = rule.kind == RuleKind::kCfaRsp ? regs.sp : regs.bp;
    const std::uintptr_t cfa = base + rule.cfa_offset;
    // The return address sits at [cfa - 8, cfa); the saved rbp further down.
    // The caller's frame must lie above this one and inside the stack, and a
    // real CFA is 8-byte aligned (a misaligned one comes from a corrupt rbp).
    const std::uintptr_t lowest_read = cfa - 8 * (rule.rbp_slot > 1 ? rule.rbp_slot : 1);
    if (cfa < base || cfa > bounds.high || cfa < regs.sp + 8 || lowest_read > cfa ||
        lowest_read < bounds.low || lowest_read < regs.sp || (cfa & 7) != 0)
        return StepEnd::kBadFrame;
    regs.pc = *reinterpret_cast<const std::uintptr_t*>(cfa - 8);
    if (rule.rbp_slot != 0)
        regs.bp = *reinterpret_cast<const std::uintptr_t*>(cfa - 8 * rule.rbp_slot);
    regs.sp = cfa;
    return StepEnd::kStepped;
}

inline WalkEnd walk_end_of(StepEnd step) {
    switch (step) {
        case StepEnd::kOutermost:
            return WalkEnd::kOutermost;
        case StepEnd::kUnknownRule:
            return WalkEnd::kUnknownRule;
        default:
            return WalkEnd::kBadFrame;
    }
}

// Writes the start pc and then each caller's return address, innermost first.
// rule_for(key) gives the rule of a frame: key is the return address, and for
// the first frame pc + 1, so that a rule is always computed at key - 1 (inside
// the call instruction, which matters when a call is a function's last
// instruction).
template <typename RuleFor>
__attribute__((no_sanitize("address"))) WalkResult walk_frames(RegisterState regs,
                                                               const StackBounds& bounds,
                                                               RuleFor&& rule_for,
                                                               std::uint64_t* out,
                                                               std::uint32_t capacity) {
    WalkResult result;
    std::uintptr_t key = regs.pc + 1;
    for (;;) {
        if (result.depth == capacity) {
            result.end = WalkEnd::kDepthLimit;
            return result;
        }
        out[result.depth++] = regs.pc;
        const StepEnd step = step_frame(regs, rule_for(key), bounds);
        if (step != StepEnd::kStepped) {
            result.end = walk_end_of(step);
            return result;
        }
        if (regs.pc == 0) {
            result.end = WalkEnd::kZeroAddress;
            return result;
        }
        key = regs.pc;
    }
}

}  // namespace memscope::unwind
