// A recording thread's remembered walks, several per recent call site: a
// thread that allocates from a few call paths in turn (A, B, C, A, B, C...)
// would make a single remembered walk useless at every call. The walks are
// grouped in sets picked by the registers of the first caller's frame (its
// return address and stack pointer, one step from the start); a set holds the
// last walks of the sites that share it, whatever their outer frames. A walk
// that repeats one of them whole (repeats_whole) needs no walking at all; any
// other walk takes the set's next memo in turn and joins it as far out as it
// can, as a single memo would be joined. In the sqlite benchmark (stacks of
// about 20 frames), the share of allocations whose whole stack is already in
// the table: 64 sets of 1 walk 61-82% (it varies with the address layout),
// 64 x 2 70%, 64 x 4 88%, 16 x 8 99.97%. 16 x 4 is the compromise: a new
// stack takes a memo that holds an unrelated walk, and a thread that keeps
// making new stacks (the churn benchmark) pays for more memos in use (its
// CPU time: 64 x 1 1.91 s, 16 x 4 2.02 s, 16 x 8 2.17 s; sqlite's thread:
// 1.005, 0.923, 0.908 s).
#pragma once

#include <cstdint>

#include "runtime/unwind/remembered_walk.h"

namespace memscope::unwind {

struct WalkMemoTable {
    static constexpr std::uint32_t kSetBits = 4;
    static constexpr std::uint32_t kSets = 1u << kSetBits;
    static constexpr std::uint32_t kWays = 4;

    struct Set {
        // A hash of the first caller frame's registers each memo was last
        // given: a hint that spares looking into memos of other sites (a
        // match is still checked in full).
        std::uint64_t tags[kWays];
        std::uint32_t next;  // the memo the next new walk takes
        WalkMemo memos[kWays];
    };

    static std::uint64_t tag_of(const RegisterState& caller) {
        return (caller.pc ^ (caller.sp << 20)) * 0xbf58476d1ce4e5b9ull;
    }

    Set& set_of(std::uint64_t tag) { return sets[tag >> (64 - kSetBits)]; }

    Set sets[kSets];
};

// The memo of `set` whose walk a walk with first caller frame `caller` repeats
// whole, or nullptr.
inline WalkMemo* find_repeated_walk(WalkMemoTable::Set& set, std::uint64_t tag,
                                    const RegisterState& caller, const StackBounds& bounds,
                                    std::uint32_t generation) {
    for (std::uint32_t way = 0; way < WalkMemoTable::kWays; ++way) {
        if (set.tags[way] == tag && repeats_whole(set.memos[way], caller, bounds, generation))
            return &set.memos[way];
    }
    return nullptr;
}

// The memo a walk that repeats none of the set's takes (in turn: the oldest
// taken), now tagged with that walk's first caller frame.
inline WalkMemo& take_walk_memo(WalkMemoTable::Set& set, std::uint64_t tag) {
    const std::uint32_t way = set.next % WalkMemoTable::kWays;
    set.next = way + 1;
    set.tags[way] = tag;
    return set.memos[way];
}

}  // namespace memscope::unwind
