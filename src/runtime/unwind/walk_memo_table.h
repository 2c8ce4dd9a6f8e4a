// A recording thread's remembered walks, one per recent call site: a thread
// that allocates from a few call paths in turn (A, B, A, B...) would make a
// single remembered walk useless at every call. The memo is picked by the
// registers of the first caller's frame (its return address and stack
// pointer), which the walk reaches in one step; a memo whose walk turns out
// to differ is joined further out, or replaced, as a single memo would be.
// In the sqlite benchmark, 82% of allocations repeat the whole stack of the
// memo picked this way (24% with 8 memos, 52% with 32, 82% with 64 or 256).
#pragma once

#include <cstdint>

#include "runtime/unwind/remembered_walk.h"

namespace memscope::unwind {

struct WalkMemoTable {
    static constexpr std::uint32_t kMemoBits = 6;
    static constexpr std::uint32_t kMemos = 1u << kMemoBits;

    WalkMemo& memo_for(std::uintptr_t caller_pc, std::uintptr_t caller_sp) {
        const std::uint64_t h = (caller_pc ^ (caller_sp << 20)) * 0xbf58476d1ce4e5b9ull;
        return memos[h >> (64 - kMemoBits)];
    }

    WalkMemo memos[kMemos];
};

}  // namespace memscope::unwind
