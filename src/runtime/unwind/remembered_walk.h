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
    std::uintptr_t bp;      // meaningful only where bp_matters
    std::uint8_t rbp_slot;  // the rule's rbp slot when stepping from this frame
    bool cfa_from_rbp;      // the rule's CFA is rbp-based
    bool bp_matters;        // the rest of the walk reads this frame's bp
};

struct WalkMemo {
    static constexpr std::uint32_t kMaxFrames = 72;
    std::uint32_t count = 0;  // 0: nothing remembered
    std::uint32_t generation = 0;
    // What the memo's user derived from the remembered frames after the first
    // (the recorder: the id of the stack they were interned as); 0 when
    // nothing. A walk that changes those frames clears it.
    std::uint32_t derived = 0;
    // Outermost first (frames[count - 1] is where the remembered walk
    // started): a walk that joins it rewrites only the frames inside the
    // join, the shared outer ones stay where they are.
    RememberedFrame frames[kMaxFrames] = {};
};

namespace remembered_walk_detail {

// The outermost step the remembered walk took from frame `from` outwards that
// no longer holds (a return address or saved rbp it read now differs), as the
// highest frame index that can still be joined: `from` when every step holds.
// Those words all lie between frame `from`'s sp and the end of the stack. A
// saved rbp counts only where the rest of the walk reads it: code built
// without frame pointers saves rbp as an ordinary callee-saved register,
// whose value changes from call to call under the same frames (in the sqlite
// benchmark this blocked 1.7 joins per walk). A frame whose bp does not
// matter keeps a stale bp in the memo; it is never compared.
__attribute__((always_inline, no_sanitize("address"))) inline std::int32_t last_joinable_frame(
    const WalkMemo& memo, std::int32_t from) {
    for (std::int32_t m = 1; m <= from; ++m) {
        const RememberedFrame& outer = memo.frames[m - 1];
        bool same = *reinterpret_cast<const std::uintptr_t*>(outer.sp - 8) == outer.pc;
        const std::uint8_t slot = memo.frames[m].rbp_slot;
        if (slot != 0 && outer.bp_matters)
            same &= *reinterpret_cast<const std::uintptr_t*>(outer.sp - 8 * slot) == outer.bp;
        if (!same) return m - 1;  // joining at m or inside it would take that step
    }
    return from;
}

}  // namespace remembered_walk_detail

// True when a walk whose first caller frame has the registers `caller` would
// repeat the memo whole: the memo's first caller frame has them too, and
// every stack word the remembered walk read from there on still holds
// (checked innermost first, where stacks that differ usually differ).
// generation and bounds as for walk_frames_remembering.
__attribute__((no_sanitize("address"))) inline bool repeats_whole(const WalkMemo& memo,
                                                                  const RegisterState& caller,
                                                                  const StackBounds& bounds,
                                                                  std::uint32_t generation) {
    if (memo.count < 2 || memo.generation != generation || memo.frames[0].sp > bounds.high)
        return false;
    const auto first = static_cast<std::int32_t>(memo.count) - 2;
    const RememberedFrame& same = memo.frames[first];
    if (same.sp != caller.sp || same.pc != caller.pc || (same.bp_matters && same.bp != caller.bp))
        return false;
    for (std::int32_t m = first; m >= 1; --m) {
        const RememberedFrame& outer = memo.frames[m - 1];
        if (*reinterpret_cast<const std::uintptr_t*>(outer.sp - 8) != outer.pc) return false;
        const std::uint8_t slot = memo.frames[m].rbp_slot;
        if (slot != 0 && outer.bp_matters &&
            *reinterpret_cast<const std::uintptr_t*>(outer.sp - 8 * slot) != outer.bp)
            return false;
    }
    return true;
}

namespace remembered_walk_detail {

// bp_matters for frames (first, last], outermost first, given that of frame
// `first` (false below the outermost frame, which reads nothing).
inline void mark_bp_use(RememberedFrame* frames, std::int32_t first, std::int32_t last,
                        bool after) {
    for (std::int32_t m = first + 1; m <= last; ++m) {
        after = frames[m].cfa_from_rbp || (frames[m].rbp_slot == 0 && after);
        frames[m].bp_matters = after;
    }
}

// memo := memo.frames[0, at] followed by fresh[0, depth) (innermost first).
inline void join(WalkMemo& memo, const RememberedFrame* fresh, std::uint32_t depth,
                 std::int32_t at) {
    const auto last = at + static_cast<std::int32_t>(depth);
    for (std::uint32_t i = 0; i < depth; ++i)
        memo.frames[last - static_cast<std::int32_t>(i)] = fresh[i];
    memo.count = static_cast<std::uint32_t>(last + 1);
    mark_bp_use(memo.frames, at, last, memo.frames[at].bp_matters);
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
    // A memo may hold another thread's walk (memos live with the recording
    // thread's slot, which a later thread reuses): it is read only if its
    // frames lie inside this stack. Below the start, nothing is read anyway.
    const bool memo_usable =
        memo.count != 0 && memo.generation == generation && memo.frames[0].sp <= bounds.high;
    // The remembered frame this walk may join next; its innermost frame is
    // where that walk started, not a return address: never joined.
    std::int32_t candidate = static_cast<std::int32_t>(memo.count) - 2;
    std::int32_t joinable_up_to = -1;
    bool joinable_known = false;  // the stack words are not checked yet
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
            while (candidate >= 0 && memo.frames[candidate].sp < regs.sp) --candidate;
            if (candidate >= 0) {
                const RememberedFrame& same = memo.frames[candidate];
                const bool registers_match = same.sp == regs.sp && same.pc == regs.pc &&
                                             (!same.bp_matters || same.bp == regs.bp);
                if (registers_match && !joinable_known) {
                    joinable_up_to = last_joinable_frame(memo, candidate);
                    joinable_known = true;
                }
                if (registers_match && candidate <= joinable_up_to) {
                    const std::uint32_t total = depth + static_cast<std::uint32_t>(candidate) + 1;
                    const std::uint32_t written = total < capacity ? total : capacity;
                    for (std::uint32_t i = depth + 1; i < written; ++i)
                        out[i] = memo.frames[candidate - static_cast<std::int32_t>(i - depth)].pc;
                    result.depth = written;
                    result.end = total > capacity ? WalkEnd::kDepthLimit : WalkEnd::kOutermost;
                    if (total <= capacity && total <= WalkMemo::kMaxFrames) {
                        // Joined right after the start: the frames after the
                        // first are the remembered ones, and what was derived
                        // from them still holds.
                        result.repeated =
                            depth == 1 && candidate == static_cast<std::int32_t>(memo.count) - 2;
                        if (!result.repeated) memo.derived = 0;
                        join(memo, fresh, depth, candidate);
                        result.remembered = true;
                    }
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
                for (std::uint32_t i = 0; i <= depth; ++i) memo.frames[depth - i] = fresh[i];
                memo.count = depth + 1;
                memo.generation = generation;
                memo.derived = 0;
                result.remembered = true;
                memo.frames[0].bp_matters = false;  // the outermost frame reads nothing
                mark_bp_use(memo.frames, 0, static_cast<std::int32_t>(depth), false);
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
