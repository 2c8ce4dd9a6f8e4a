// The fast unwinder's walk: on hand-made stacks (including corrupt ones, which
// must end the walk cleanly) and on this process's real stacks, where it must
// find exactly the frames libunwind's unw_backtrace finds.
#include <alloca.h>
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <pthread.h>
#include <signal.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "runtime/unwind/frame_walker.h"
#include "runtime/unwind/process_rules.h"
#include "runtime/unwind/register_state.h"
#include "runtime/unwind/remembered_walk.h"
#include "runtime/unwind/stack_mapping.h"
#include "runtime/unwind/walk_memo_table.h"

namespace memscope {
namespace {

using unwind::RuleKind;
using unwind::UnwindRule;
using unwind::WalkEnd;

constexpr std::uint32_t kCapacity = 128;

// ---- Hand-made stacks -------------------------------------------------------

// A fake stack of 8-byte words. The fake code at 0x1000, 0x2000, ... has the
// rules below (a return address 0x2001 is looked up at 0x2000); anything
// else is unknown.
struct FakeStack {
    std::uint64_t words[64] = {};
    std::uintptr_t address_of(int i) const { return reinterpret_cast<std::uintptr_t>(&words[i]); }
    unwind::StackBounds bounds() const { return {address_of(0), address_of(64)}; }
};

UnwindRule fake_rule(std::uintptr_t key) {
    switch (key - 1) {
        case 0x1000:
            return UnwindRule{RuleKind::kCfaRsp, 16, 0};  // frame of 2 words
        case 0x2000:
            return UnwindRule{RuleKind::kCfaRbp, 16, 2};  // push rbp; mov rsp, rbp
        case 0x3000:
            return UnwindRule::outermost();
        case 0x4000:
            return UnwindRule{RuleKind::kCfaRsp, 4096, 0};  // too big for the stack
        case 0x5000:
            return UnwindRule{RuleKind::kCfaRsp, 0, 0};  // CFA does not move
        case 0x6000:
            // Built without frame pointers, rbp saved as a callee-saved register:
            // CFA = sp + 24, rbp saved at CFA - 24 (the frame's lowest word).
            return UnwindRule{RuleKind::kCfaRsp, 24, 3};
        default:
            return UnwindRule::unknown();
    }
}

std::vector<std::uint64_t> walk(const FakeStack& stack, unwind::RegisterState regs, WalkEnd& end,
                                std::uint32_t capacity = kCapacity) {
    std::vector<std::uint64_t> out(capacity);
    const unwind::WalkResult result =
        unwind::walk_frames(regs, stack.bounds(), fake_rule, out.data(), capacity);
    out.resize(result.depth);
    end = result.end;
    return out;
}

TEST(RuntimeUnwindWalk, FollowsRspAndRbpFramesToTheOutermost) {
    FakeStack s;
    // Frame 0 (pc 0x1000-1): CFA = sp + 16, so its return address is words[1].
    s.words[1] = 0x2001;
    // Frame 1 (0x2000): CFA = rbp + 16; rbp = &words[4]: saved rbp words[4], RA words[5].
    s.words[4] = s.address_of(8);
    s.words[5] = 0x2001;
    // Frame 2 (0x2000 again): rbp = &words[8].
    s.words[8] = 0;
    s.words[9] = 0x3001;
    WalkEnd end{};
    const auto frames = walk(s, {0x1000, s.address_of(0), s.address_of(4)}, end);
    EXPECT_EQ(end, WalkEnd::kOutermost);
    EXPECT_EQ(frames, (std::vector<std::uint64_t>{0x1000, 0x2001, 0x2001, 0x3001}));
}

TEST(RuntimeUnwindWalk, ZeroReturnAddressEndsTheStack) {
    FakeStack s;
    s.words[1] = 0;
    WalkEnd end{};
    EXPECT_EQ(walk(s, {0x1000, s.address_of(0), 0}, end).size(), 1u);
    EXPECT_EQ(end, WalkEnd::kZeroAddress);
}

TEST(RuntimeUnwindWalk, CorruptSavedRbpEndsTheWalkInsteadOfReadingWildly) {
    FakeStack s;
    s.words[1] = 0x2001;
    s.words[4] = 0xdead0000beef;  // overwritten saved rbp
    s.words[5] = 0x2001;
    WalkEnd end{};
    const auto frames = walk(s, {0x1000, s.address_of(0), s.address_of(4)}, end);
    EXPECT_EQ(end, WalkEnd::kBadFrame);
    EXPECT_EQ(frames, (std::vector<std::uint64_t>{0x1000, 0x2001, 0x2001}));
}

TEST(RuntimeUnwindWalk, RbpPointingBelowTheFrameEndsTheWalk) {
    FakeStack s;
    s.words[1] = 0x2001;
    WalkEnd end{};
    // rbp below sp: the caller's frame cannot be under the callee's.
    walk(s, {0x2000, s.address_of(2), s.address_of(0)}, end);
    EXPECT_EQ(end, WalkEnd::kBadFrame);
}

TEST(RuntimeUnwindWalk, FramesPastTheStackEndOrNotMovingEndTheWalk) {
    FakeStack s;
    s.words[1] = 0x4001;  // its frame would reach past the end of the stack
    WalkEnd end{};
    EXPECT_EQ(walk(s, {0x1000, s.address_of(0), 0}, end).size(), 2u);
    EXPECT_EQ(end, WalkEnd::kBadFrame);
    s.words[1] = 0x5001;  // CFA == sp: would loop forever
    walk(s, {0x1000, s.address_of(0), 0}, end);
    EXPECT_EQ(end, WalkEnd::kBadFrame);
}

TEST(RuntimeUnwindWalk, AMisalignedSavedRbpEndsTheWalk) {
    FakeStack s;
    s.words[1] = 0x2001;
    s.words[4] = s.address_of(8) + 3;  // inside the stack, but not a frame address
    s.words[5] = 0x2001;
    WalkEnd end{};
    const auto frames = walk(s, {0x1000, s.address_of(0), s.address_of(4)}, end);
    EXPECT_EQ(end, WalkEnd::kBadFrame);
    EXPECT_EQ(frames.size(), 3u);
}

TEST(RuntimeUnwindWalk, ASelfReferencingChainStopsAtTheBounds) {
    FakeStack s;
    // Every frame's saved rbp points at itself; only monotonic CFAs save us.
    s.words[1] = 0x2001;
    s.words[4] = s.address_of(4);
    s.words[5] = 0x2001;
    WalkEnd end{};
    walk(s, {0x1000, s.address_of(0), s.address_of(4)}, end);
    EXPECT_EQ(end, WalkEnd::kBadFrame);
}

TEST(RuntimeUnwindWalk, UnknownCodeAndDepthLimit) {
    FakeStack s;
    s.words[1] = 0x7777;
    WalkEnd end{};
    EXPECT_EQ(walk(s, {0x1000, s.address_of(0), 0}, end).size(), 2u);
    EXPECT_EQ(end, WalkEnd::kUnknownRule);
    s.words[1] = 0x2001;
    s.words[4] = s.address_of(8);
    s.words[5] = 0x2001;
    s.words[8] = s.address_of(12);
    s.words[9] = 0x2001;
    EXPECT_EQ(walk(s, {0x1000, s.address_of(0), s.address_of(4)}, end, 2).size(), 2u);
    EXPECT_EQ(end, WalkEnd::kDepthLimit);
}

// A chain of rbp frames over the fake stack: frame k's saved rbp at word 4k,
// its return address at word 4k + 1.
void build_rbp_chain(FakeStack& s, int frames) {
    s.words[1] = 0x2001;  // frame 0 (0x1000) is rsp-based: CFA = sp + 16
    for (int k = 1; k <= frames; ++k) {
        s.words[4 * k] = s.address_of(4 * (k + 1));
        s.words[4 * k + 1] = k == frames ? 0x3001 : 0x2001;
    }
}

std::vector<std::uint64_t> remembered_walk(const FakeStack& s, unwind::RegisterState regs,
                                           unwind::WalkMemo& memo, WalkEnd& end) {
    std::vector<std::uint64_t> out(kCapacity);
    const unwind::WalkResult result = unwind::walk_frames_remembering(
        regs, s.bounds(), fake_rule, memo, 1, out.data(), kCapacity);
    out.resize(result.depth);
    end = result.end;
    return out;
}

TEST(RuntimeUnwindWalk, ARememberedWalkIsReusedOnlyWhileTheStackHoldsIt) {
    FakeStack s;
    build_rbp_chain(s, 10);
    const unwind::RegisterState start{0x1000, s.address_of(0), s.address_of(4)};
    static unwind::WalkMemo memo;
    memo.count = 0;
    WalkEnd end{};
    const auto plain = walk(s, start, end);
    ASSERT_EQ(end, WalkEnd::kOutermost);
    EXPECT_EQ(remembered_walk(s, start, memo, end), plain);
    EXPECT_EQ(memo.count, plain.size());
    EXPECT_EQ(remembered_walk(s, start, memo, end), plain);  // joined at frame 1
    EXPECT_EQ(end, WalkEnd::kOutermost);

    // A return address deep in the stack changes: the memo must not hide it.
    s.words[4 * 7 + 1] = 0x3001;
    const auto shorter = walk(s, start, end);
    ASSERT_LT(shorter.size(), plain.size());
    EXPECT_EQ(remembered_walk(s, start, memo, end), shorter);
    EXPECT_EQ(remembered_walk(s, start, memo, end), shorter);

    // A saved rbp changes: the chain now skips frames.
    s.words[4 * 7 + 1] = 0x2001;
    s.words[4 * 3] = s.address_of(4 * 6);
    const auto skipping = walk(s, start, end);
    EXPECT_EQ(remembered_walk(s, start, memo, end), skipping);

    // A walk starting further up joins the remembered one midway.
    const unwind::RegisterState higher{0x1000, s.address_of(4 * 6 - 2), s.address_of(4 * 6)};
    EXPECT_EQ(remembered_walk(s, higher, memo, end), walk(s, higher, end));
    EXPECT_EQ(remembered_walk(s, start, memo, end), skipping);
}

// fake_rule, counting the lookups: a remembered walk that joins early asks
// for fewer rules.
int g_rule_lookups = 0;
UnwindRule counted_fake_rule(std::uintptr_t key) {
    ++g_rule_lookups;
    return fake_rule(key);
}

// Frames 0x1000 <- 0x6000 <- 0x6000 <- (outer frame at word 8), the second
// 0x6000 frame's saved rbp at word 5.
void build_callee_saved_rbp_chain(FakeStack& s, std::uint64_t outer_return) {
    s.words[1] = 0x6001;
    s.words[4] = 0x6001;
    s.words[7] = outer_return;
}

TEST(RuntimeUnwindWalk, ASavedRbpNoFrameReadsDoesNotBlockTheJoin) {
    FakeStack s;
    build_callee_saved_rbp_chain(s, 0x1001);
    s.words[5] = 0x1111;  // the caller's rbp, here a plain value
    s.words[9] = 0x3001;  // the 0x1000 frame at word 8 returns to the outermost
    const unwind::RegisterState start{0x1000, s.address_of(0), 0x2222};
    static unwind::WalkMemo memo;
    memo.count = 0;
    WalkEnd end{};
    std::uint64_t out[kCapacity];
    unwind::walk_frames_remembering(start, s.bounds(), counted_fake_rule, memo, 1, out, kCapacity);
    const std::vector<std::uint64_t> expected{0x1000, 0x6001, 0x6001, 0x1001, 0x3001};
    // Another value in the same register: no frame's CFA depends on rbp, so
    // the walk joins the remembered one at frame 1 and looks up one rule.
    s.words[5] = 0x3333;
    ASSERT_EQ(walk(s, start, end), expected);
    g_rule_lookups = 0;
    const unwind::WalkResult joined = unwind::walk_frames_remembering(
        start, s.bounds(), counted_fake_rule, memo, 1, out, kCapacity);
    EXPECT_EQ(std::vector<std::uint64_t>(out, out + joined.depth), expected);
    EXPECT_EQ(joined.end, WalkEnd::kOutermost);
    EXPECT_EQ(g_rule_lookups, 1);
}

TEST(RuntimeUnwindWalk, ASavedRbpAnOuterFrameReadsIsChecked) {
    FakeStack s;
    // The outer frame (0x2000) finds its CFA through rbp, loaded from word 5.
    build_callee_saved_rbp_chain(s, 0x2001);
    s.words[5] = s.address_of(12);
    s.words[13] = 0x3001;
    const unwind::RegisterState start{0x1000, s.address_of(0), 0x2222};
    static unwind::WalkMemo memo;
    memo.count = 0;
    WalkEnd end{};
    const auto first = walk(s, start, end);
    ASSERT_EQ(first, (std::vector<std::uint64_t>{0x1000, 0x6001, 0x6001, 0x2001, 0x3001}));
    EXPECT_EQ(remembered_walk(s, start, memo, end), first);
    // The saved rbp now leads to another frame: the memo must not hide it.
    s.words[5] = s.address_of(16);
    s.words[17] = 0x1001;
    s.words[19] = 0x3001;
    const auto second = walk(s, start, end);
    ASSERT_EQ(second, (std::vector<std::uint64_t>{0x1000, 0x6001, 0x6001, 0x2001, 0x1001, 0x3001}));
    EXPECT_EQ(remembered_walk(s, start, memo, end), second);
    EXPECT_EQ(remembered_walk(s, start, memo, end), second);
}

TEST(RuntimeUnwindWalk, AWalkSaysWhetherItRepeatedTheMemo) {
    FakeStack s;
    build_rbp_chain(s, 6);
    const unwind::RegisterState start{0x1000, s.address_of(0), s.address_of(4)};
    static unwind::WalkMemo memo;
    memo.count = 0;
    std::uint64_t out[kCapacity];
    unwind::WalkResult r =
        unwind::walk_frames_remembering(start, s.bounds(), fake_rule, memo, 1, out, kCapacity);
    EXPECT_TRUE(r.remembered);
    EXPECT_FALSE(r.repeated);
    memo.derived = 77;
    r = unwind::walk_frames_remembering(start, s.bounds(), fake_rule, memo, 1, out, kCapacity);
    EXPECT_TRUE(r.remembered);
    EXPECT_TRUE(r.repeated);
    EXPECT_EQ(memo.derived, 77u);
    // A frame further out changes: not repeated, and what was derived is gone.
    s.words[4 * 4 + 1] = 0x3001;
    WalkEnd end{};
    const auto shorter = walk(s, start, end);
    r = unwind::walk_frames_remembering(start, s.bounds(), fake_rule, memo, 1, out, kCapacity);
    EXPECT_EQ(std::vector<std::uint64_t>(out, out + r.depth), shorter);
    EXPECT_TRUE(r.remembered);
    EXPECT_FALSE(r.repeated);
    EXPECT_EQ(memo.derived, 0u);
    r = unwind::walk_frames_remembering(start, s.bounds(), fake_rule, memo, 1, out, kCapacity);
    EXPECT_TRUE(r.repeated);
    EXPECT_EQ(std::vector<std::uint64_t>(out, out + r.depth), shorter);
    // A walk that does not fit is not remembered; the memo keeps its frames.
    memo.derived = 5;
    r = unwind::walk_frames_remembering(start, s.bounds(), fake_rule, memo, 1, out, 2);
    EXPECT_EQ(r.end, WalkEnd::kDepthLimit);
    EXPECT_FALSE(r.remembered);
    EXPECT_EQ(memo.derived, 5u);
    // Rules of another generation: walked afresh.
    r = unwind::walk_frames_remembering(start, s.bounds(), fake_rule, memo, 2, out, kCapacity);
    EXPECT_FALSE(r.repeated);
    EXPECT_EQ(memo.derived, 0u);
}

// A walk through a thread's memo table as the recorder makes it: a stack
// that repeats a remembered walk whole is read from that memo (whole = true),
// any other is walked with the set's next memo.
struct TableWalk {
    std::vector<std::uint64_t> frames;
    bool whole = false;
};

TableWalk table_walk(unwind::WalkMemoTable& table, const FakeStack& s,
                     const unwind::RegisterState& start) {
    unwind::RegisterState caller = start;
    EXPECT_EQ(unwind::step_frame(caller, fake_rule(start.pc + 1), s.bounds()),
              unwind::StepEnd::kStepped);
    const std::uint64_t tag = unwind::WalkMemoTable::tag_of(caller);
    unwind::WalkMemoTable::Set& set = table.set_of(tag);
    if (const unwind::WalkMemo* memo =
            unwind::find_repeated_walk(set, tag, caller, s.bounds(), 1)) {
        TableWalk result{{start.pc}, true};
        for (auto m = static_cast<std::int32_t>(memo->count) - 2; m >= 0; --m)
            result.frames.push_back(memo->frames[m].pc);
        return result;
    }
    unwind::WalkMemo& memo = unwind::take_walk_memo(set, tag);
    std::uint64_t out[kCapacity];
    const unwind::WalkResult r =
        unwind::walk_frames_remembering(start, s.bounds(), fake_rule, memo, 1, out, kCapacity);
    return TableWalk{std::vector<std::uint64_t>(out, out + r.depth), false};
}

TEST(RuntimeUnwindWalk, CallSitesTakenInTurnEachRepeatTheirOwnMemo) {
    // Two stacks that differ in their first caller (a 0x2000 or a 0x1000
    // frame under the same outer frames), walked in turn as a thread
    // allocating from two call sites would.
    FakeStack a;
    build_rbp_chain(a, 5);
    FakeStack b;
    build_rbp_chain(b, 5);
    b.words[1] = 0x1001;  // frame 1 is another 0x1000 frame: CFA = sp + 16
    b.words[3] = 0x2001;  // ...returning where a's frame 1 did, one frame later
    const unwind::RegisterState start_a{0x1000, a.address_of(0), a.address_of(4)};
    const unwind::RegisterState start_b{0x1000, b.address_of(0), b.address_of(4)};
    WalkEnd end{};
    const auto plain_a = walk(a, start_a, end);
    const auto plain_b = walk(b, start_b, end);
    ASSERT_EQ(end, WalkEnd::kOutermost);
    ASSERT_NE(plain_a, plain_b);
    const auto table = std::make_unique<unwind::WalkMemoTable>();  // 300 KiB
    int whole = 0;
    for (int i = 0; i < 10; ++i) {
        const bool even = i % 2 == 0;
        const TableWalk w = table_walk(*table, even ? a : b, even ? start_a : start_b);
        EXPECT_EQ(w.frames, even ? plain_a : plain_b) << "walk " << i;
        whole += w.whole ? 1 : 0;
    }
    EXPECT_EQ(whole, 8);  // all but the first walk of each
}

TEST(RuntimeUnwindWalk, StacksSharingTheirFirstCallerEachKeepAMemo) {
    // Three stacks with the same first caller frame (same registers), which
    // differ further out, taken in turn: each keeps a memo of the same set.
    FakeStack s;
    build_rbp_chain(s, 8);
    const unwind::RegisterState start{0x1000, s.address_of(0), s.address_of(4)};
    const auto make = [&s](int variant) {
        s.words[4 * 5 + 1] = variant == 1 ? 0x3001 : 0x2001;
        s.words[4 * 3 + 1] = variant == 2 ? 0x3001 : 0x2001;
    };
    std::vector<std::vector<std::uint64_t>> plain;
    WalkEnd end{};
    for (int v = 0; v < 3; ++v) {
        make(v);
        plain.push_back(walk(s, start, end));
        ASSERT_EQ(end, WalkEnd::kOutermost);
    }
    ASSERT_NE(plain[0], plain[1]);
    ASSERT_NE(plain[1], plain[2]);
    const auto table = std::make_unique<unwind::WalkMemoTable>();  // 300 KiB
    int whole = 0;
    for (int i = 0; i < 12; ++i) {
        make(i % 3);
        const TableWalk w = table_walk(*table, s, start);
        EXPECT_EQ(w.frames, plain[i % 3]) << "walk " << i;
        whole += w.whole ? 1 : 0;
    }
    EXPECT_EQ(whole, 9);  // all but the first walk of each
    // A saved rbp that the walk reads changes: no memo repeats any more.
    make(0);
    s.words[4 * 6] = s.address_of(4 * 8);
    const auto skipping = walk(s, start, end);
    const TableWalk w = table_walk(*table, s, start);
    EXPECT_FALSE(w.whole);
    EXPECT_EQ(w.frames, skipping);
}

TEST(RuntimeUnwindWalk, GarbageOnARealRuleSourceNeverFaults) {
    ASSERT_TRUE(unwind::init_process_rules());
    FakeStack s;
    // Return addresses that are not code, or code whose frames make no sense here.
    const std::uint64_t garbage[] = {0xdeadbeef, 1, reinterpret_cast<std::uintptr_t>(&memcpy) + 7,
                                     reinterpret_cast<std::uintptr_t>(&pthread_create) + 3,
                                     ~std::uint64_t{0}};
    for (const std::uint64_t value : garbage) {
        for (auto& w : s.words) w = value;
        std::vector<std::uint64_t> out(kCapacity);
        const unwind::WalkResult result =
            unwind::walk_frames({value, s.address_of(0), value}, s.bounds(), unwind::ProcessRules{},
                                out.data(), kCapacity);
        EXPECT_NE(result.end, WalkEnd::kDepthLimit) << std::hex << value;
        // Each frame moves at least one word up the 64-word stack.
        EXPECT_LE(result.depth, 65u);
    }
}

// ---- Real stacks against libunwind -----------------------------------------

using BacktraceFn = int (*)(void**, int);

BacktraceFn libunwind_backtrace() {
    static BacktraceFn fn = [] {
        void* handle = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
        return handle == nullptr ? nullptr
                                 : reinterpret_cast<BacktraceFn>(dlsym(handle, "unw_backtrace"));
    }();
    return fn;
}

struct BothStacks {
    std::vector<std::uint64_t> fast;
    std::vector<std::uint64_t> remembered;
    std::vector<std::uint64_t> libunwind;
    WalkEnd end = WalkEnd::kBadFrame;
};

// Both unwinders from the same function. Their first frames differ (each its
// own call site, and unw_backtrace may report a frame of its own), so the
// comparison starts at this function's return address.
__attribute__((noinline)) void capture_both(BothStacks& out) {
    const unwind::RegisterState regs = unwind::current_registers();
    const unwind::AddressRange stack = unwind::thread_stack_range(regs.sp);
    std::uint64_t fast[kCapacity];
    const unwind::WalkResult walk = unwind::walk_frames(
        regs, unwind::StackBounds{regs.sp, stack.end}, unwind::ProcessRules{}, fast, kCapacity);
    // The same walk through the thread's memo must agree, whether it reuses
    // the previous walk or not.
    static thread_local unwind::WalkMemo memo;
    std::uint64_t remembered[kCapacity];
    const unwind::WalkResult remembered_walk = unwind::walk_frames_remembering(
        regs, unwind::StackBounds{regs.sp, stack.end}, unwind::ProcessRules{}, memo,
        unwind::g_rule_generation.load(), remembered, kCapacity);
    out.remembered.assign(remembered + 1, remembered + remembered_walk.depth);
    void* frames[kCapacity];
    const int n = libunwind_backtrace()(frames, kCapacity);
    out.end = walk.end;
    out.fast.assign(fast + 1, fast + walk.depth);
    std::size_t first = 0;
    while (first < static_cast<std::size_t>(n) &&
           reinterpret_cast<std::uintptr_t>(frames[first]) != out.fast.front())
        ++first;
    for (std::size_t i = first; i < static_cast<std::size_t>(n); ++i)
        out.libunwind.push_back(reinterpret_cast<std::uintptr_t>(frames[i]));
    asm volatile("" ::: "memory");
}

// Four kinds of frames: frame pointer kept, frame pointer omitted, a variable
// stack frame (alloca: the CFA is defined by rbp), and unoptimised code.
enum FrameKind { kWithFp, kWithoutFp, kAlloca, kO0, kFrameKinds };

// GCC compiles each kind as asked; clang has no per-function optimize
// attribute, so there the kinds differ less (the comparison still holds).
#if defined(__clang__)
#define MEMSCOPE_TEST_OPTIMIZE(...)
#else
#define MEMSCOPE_TEST_OPTIMIZE(...) optimize(__VA_ARGS__)
#endif

int descend(const int* kinds, int depth, BothStacks& out);

__attribute__((noinline, MEMSCOPE_TEST_OPTIMIZE("no-omit-frame-pointer"))) int with_fp(
    const int* kinds, int depth, BothStacks& out) {
    volatile int local = depth;
    return descend(kinds + 1, depth - 1, out) + local;
}

__attribute__((noinline, MEMSCOPE_TEST_OPTIMIZE("omit-frame-pointer"))) int without_fp(
    const int* kinds, int depth, BothStacks& out) {
    volatile int locals[8] = {depth};
    return descend(kinds + 1, depth - 1, out) + locals[0];
}

__attribute__((noinline)) int with_alloca(const int* kinds, int depth, BothStacks& out) {
    auto* buffer = static_cast<volatile char*>(alloca(static_cast<std::size_t>(16 + depth)));
    buffer[0] = static_cast<char>(depth);
    return descend(kinds + 1, depth - 1, out) + buffer[0];
}

__attribute__((noinline, MEMSCOPE_TEST_OPTIMIZE("O0"))) int unoptimised(const int* kinds, int depth,
                                                                        BothStacks& out) {
    int local = depth;
    return descend(kinds + 1, depth - 1, out) + local;
}

__attribute__((noinline)) int descend(const int* kinds, int depth, BothStacks& out) {
    if (depth == 0) {
        capture_both(out);
        return 0;
    }
    switch (*kinds) {
        case kWithFp:
            return with_fp(kinds, depth, out) + 1;
        case kWithoutFp:
            return without_fp(kinds, depth, out) + 1;
        case kAlloca:
            return with_alloca(kinds, depth, out) + 1;
        default:
            return unoptimised(kinds, depth, out) + 1;
    }
}

void expect_same_frames(const BothStacks& both, int depth) {
    ASSERT_NE(both.fast.size(), 0u);
    EXPECT_EQ(both.end, WalkEnd::kOutermost);
    EXPECT_GE(both.fast.size(), static_cast<std::size_t>(2 * depth));
    EXPECT_EQ(both.fast, both.libunwind) << "depth " << depth;
    EXPECT_EQ(both.remembered, both.fast) << "depth " << depth;
}

BothStacks stacks_for(const std::vector<int>& kinds) {
    BothStacks both;
    descend(kinds.data(), static_cast<int>(kinds.size()), both);
    return both;
}

class RuntimeUnwindCompare : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(unwind::init_process_rules());
        if (libunwind_backtrace() == nullptr) GTEST_SKIP() << "libunwind.so.8 not available";
    }
};

TEST_F(RuntimeUnwindCompare, EachKindOfFrameAtManyDepths) {
    for (int kind = 0; kind < kFrameKinds; ++kind) {
        for (int depth : {1, 2, 5, 10, 30}) {
            const std::vector<int> kinds(static_cast<std::size_t>(depth), kind);
            expect_same_frames(stacks_for(kinds), depth);
        }
    }
}

TEST_F(RuntimeUnwindCompare, MixedChainsAndRepeatedWalksAgree) {
    for (int seed = 1; seed <= 20; ++seed) {
        std::vector<int> kinds;
        unsigned state = static_cast<unsigned>(seed) * 2654435761u;
        for (int i = 0; i < 5 + seed; ++i) {
            state = state * 1103515245u + 12345u;
            kinds.push_back(static_cast<int>((state >> 16) % kFrameKinds));
        }
        // The second walk runs on cached rules.
        expect_same_frames(stacks_for(kinds), static_cast<int>(kinds.size()));
        expect_same_frames(stacks_for(kinds), static_cast<int>(kinds.size()));
    }
}

TEST_F(RuntimeUnwindCompare, AThreadsStackEndsAtItsStartRoutine) {
    struct Job {
        BothStacks both;
        static void* run(void* self) {
            auto* job = static_cast<Job*>(self);
            job->both = stacks_for({kWithoutFp, kWithFp, kAlloca, kO0, kWithoutFp});
            return nullptr;
        }
    } job;
    pthread_t thread;
    ASSERT_EQ(pthread_create(&thread, nullptr, Job::run, &job), 0);
    ASSERT_EQ(pthread_join(thread, nullptr), 0);
    expect_same_frames(job.both, 5);
}

// A signal frame is not something the compact rules describe: the walk must
// say so (the recorder then asks libunwind) rather than guess.
WalkEnd g_signal_walk_end = WalkEnd::kOutermost;

void walk_in_handler(int) {
    const unwind::RegisterState regs = unwind::current_registers();
    const unwind::AddressRange stack = unwind::thread_stack_range(regs.sp);
    std::uint64_t frames[kCapacity];
    g_signal_walk_end = unwind::walk_frames(regs, unwind::StackBounds{regs.sp, stack.end},
                                            unwind::ProcessRules{}, frames, kCapacity)
                            .end;
}

TEST_F(RuntimeUnwindCompare, SignalFramesAreLeftToTheFallback) {
    struct sigaction action = {};
    struct sigaction previous = {};
    action.sa_handler = walk_in_handler;
    ASSERT_EQ(sigaction(SIGUSR1, &action, &previous), 0);
    raise(SIGUSR1);
    sigaction(SIGUSR1, &previous, nullptr);
    EXPECT_EQ(g_signal_walk_end, WalkEnd::kUnknownRule);
}

}  // namespace
}  // namespace memscope
