// A stack walk that reuses the previous walk of the same thread. Consecutive
// allocations usually come from the same outer frames; once the walk reaches
// a frame whose registers equal a remembered frame's, and the stack words the
// remembered walk read from there on still hold the values it read, the rest
// of the walk would repeat exactly (the rules are a function of the address),
// so it is copied instead of recomputed. Checking those words is a handful of
// independent loads, where walking is a chain of dependent ones.
//
// The memo belongs to one thread and is used by one walk at a time (a signal
// handler that interrupts a walk must walk without it).
#pragma once

#include <cstdint>

#include "runtime/unwind/frame_walker.h"

namespace memscope::unwind {

// No default member initialisers: a walk keeps an array of these on the stack
// and must not pay for clearing it.
struct RememberedFrame {
    std::uintptr_t pc;
    std::uintptr_t sp;
    std::uintptr_t bp;
    std::uint8_t rbp_slot;  // the rule's rbp slot when stepping from this frame
    bool cfa_from_rbp;      // the rule's CFA is rbp-based
    bool bp_matters;        // the rest of the walk reads this frame's bp
};

struct WalkMemo {
    static constexpr std::uint32_t kMaxFrames = 72;
    std::uint32_t count = 0;  // 0: nothing remembered
    std::uint32_t generation = 0;
    RememberedFrame frames[kMaxFrames] = {};
};

namespace remembered_walk_detail {

// The first frame at or after `from` from which the remembered walk can be
// reused: past the last step whose stack words (the return address, the saved
// rbp) no longer hold what that walk read. Those words all lie between frame
// `from`'s sp and the end of the stack.
__attribute__((always_inline, no_sanitize("address"))) inline std::uint32_t first_reusable_frame(
    const WalkMemo& memo, std::uint32_t from) {
    std::uint32_t first = from;
    for (std::uint32_t m = from; m + 1 < memo.count; ++m) {
        const RememberedFrame& next = memo.frames[m + 1];
        bool same = *reinterpret_cast<const std::uintptr_t*>(next.sp - 8) == next.pc;
        const std::uint8_t slot = memo.frames[m].rbp_slot;
        if (slot != 0)
            same &= *reinterpret_cast<const std::uintptr_t*>(next.sp - 8 * slot) == next.bp;
        if (!same) first = m + 1;
    }
    return first;
}

// bp_matters for frames [0, end), given that of frame `end` (false past the
// outermost frame, which reads nothing).
inline void mark_bp_use(RememberedFrame* frames, std::uint32_t end, bool after) {
    for (std::uint32_t m = end; m-- > 0;) {
        after = frames[m].cfa_from_rbp || (frames[m].rbp_slot == 0 && after);
        frames[m].bp_matters = after;
    }
}

// memo := fresh[0, depth) followed by memo.frames[from, count).
inline void splice(WalkMemo& memo, const RememberedFrame* fresh, std::uint32_t depth,
                   std::uint32_t from) {
    const std::uint32_t tail = memo.count - from;
    if (depth < from) {
        for (std::uint32_t i = 0; i < tail; ++i) memo.frames[depth + i] = memo.frames[from + i];
    } else if (depth > from) {
        for (std::uint32_t i = tail; i-- > 0;) memo.frames[depth + i] = memo.frames[from + i];
    }
    for (std::uint32_t i = 0; i < depth; ++i) memo.frames[i] = fresh[i];
    memo.count = depth + tail;
    mark_bp_use(memo.frames, depth, memo.frames[depth].bp_matters);
}

}  // namespace remembered_walk_detail

// walk_frames with the thread's memo. generation identifies the rules in
// force (a remembered walk made with rules that were since forgotten is not
// reused).
template <typename RuleFor>
__attribute__((no_sanitize("address"))) WalkResult walk_frames_remembering(
    RegisterState regs, const StackBounds& bounds, RuleFor&& rule_for, WalkMemo& memo,
    std::uint32_t generation, std::uint64_t* out, std::uint32_t capacity) {
    using namespace remembered_walk_detail;
    RememberedFrame fresh[WalkMemo::kMaxFrames];  // uninitialised: written before read
    WalkResult result;
    const bool memo_usable = memo.count != 0 && memo.generation == generation;
    // Frame 0 is where the walk starts, not a return address: never joined.
    std::uint32_t candidate = 1;
    std::uint32_t reusable_from = 0;  // 0: the stack words are not checked yet
    std::uintptr_t key = regs.pc + 1;
    for (;;) {
        const std::uint32_t depth = result.depth;
        if (depth == capacity) {
            result.end = WalkEnd::kDepthLimit;
            return result;
        }
        out[result.depth++] = regs.pc;
        if (memo_usable && depth > 0) {
            // Remembered frames are ordered by sp, like this walk's.
            while (candidate < memo.count && memo.frames[candidate].sp < regs.sp) ++candidate;
            if (candidate < memo.count) {
                const RememberedFrame& same = memo.frames[candidate];
                const bool registers_match = same.sp == regs.sp && same.pc == regs.pc &&
                                             (!same.bp_matters || same.bp == regs.bp);
                if (registers_match && reusable_from == 0)
                    reusable_from = first_reusable_frame(memo, candidate);
                if (registers_match && candidate >= reusable_from) {
                    const std::uint32_t total = depth + (memo.count - candidate);
                    const std::uint32_t written = total < capacity ? total : capacity;
                    for (std::uint32_t i = depth + 1; i < written; ++i)
                        out[i] = memo.frames[candidate + (i - depth)].pc;
                    result.depth = written;
                    result.end = total > capacity ? WalkEnd::kDepthLimit : WalkEnd::kOutermost;
                    if (total <= capacity && total <= WalkMemo::kMaxFrames)
                        splice(memo, fresh, depth, candidate);
                    return result;
                }
            }
        }
        const UnwindRule rule = rule_for(key);
        if (depth < WalkMemo::kMaxFrames) {
            fresh[depth] = RememberedFrame{regs.pc,
                                           regs.sp,
                                           regs.bp,
                                           static_cast<std::uint8_t>(rule.rbp_slot),
                                           rule.kind == RuleKind::kCfaRbp,
                                           false};
        }
        const StepEnd step = step_frame(regs, rule, bounds);
        if (step == StepEnd::kOutermost) {
            // Only complete walks are remembered: how a partial one ended
            // depends on more than the words it read.
            if (depth < WalkMemo::kMaxFrames) {
                for (std::uint32_t i = 0; i <= depth; ++i) memo.frames[i] = fresh[i];
                memo.count = depth + 1;
                memo.generation = generation;
                mark_bp_use(memo.frames, memo.count, false);
            }
            result.end = WalkEnd::kOutermost;
            return result;
        }
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
