// Stack capture. The default (fast) unwinder walks the stack with compact
// per-address rules compiled from the modules' CFI and cached process-wide
// (src/runtime/unwind/, docs/unwinding.md): no lock, no allocation, a few
// nanoseconds per frame once the rules are cached. A stack the rules cannot
// describe (signal frames, CFA expressions, code without CFI, an alternate
// signal stack) goes to libunwind's unw_backtrace, which is also the
// MEMSCOPE_UNWIND=libunwind choice; MEMSCOPE_UNWIND=fp follows frame pointers.
//
// libunwind is dlopen'ed RTLD_LOCAL by the constructor rather than linked:
// linked into a preloaded library its _Unwind_* and backtrace symbols would
// take precedence over libgcc_s's and glibc's for the whole program. Events
// recorded before the constructor ran carry no stack.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/core/call_stack.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/core/thread_registry.h"
#include "runtime/core/thread_stream.h"
#include "runtime/unwind/register_state.h"
#include "runtime/unwind/unwinder_kind.h"

namespace memscope::preload {

// Reads MEMSCOPE_UNWIND, loads libunwind, resolves what the fast unwinder
// needs and notes the recorder's own code range. False if no unwinder is
// available (events then carry no stack).
bool init_stack_capture();

// Set while a walk uses the thread's remembered walks, and until the stack
// it captured is recorded (the stack's id goes back into the memo): a signal
// handler arriving meanwhile walks without them.
extern __thread bool tls_walk_memos_busy __attribute__((tls_model("initial-exec")));

struct CapturedStack {
    std::uint64_t ips[runtime::kMaxStackDepth];
    std::uint32_t depth = 0;
    // The memo this walk joined or made: where its id is remembered, and
    // whether its frames are the ones the memo already held.
    std::uint32_t* remembered_id = nullptr;
    bool repeated = false;
    bool holds_memos = false;  // this stack claimed tls_walk_memos_busy

    CapturedStack() = default;
    CapturedStack(const CapturedStack&) = delete;
    CapturedStack& operator=(const CapturedStack&) = delete;
    ~CapturedStack() {
        if (!holds_memos) return;
        std::atomic_signal_fence(std::memory_order_seq_cst);
        tls_walk_memos_busy = false;
    }

    runtime::CallStack view() const {
        return runtime::CallStack{ips, depth, remembered_id, repeated};
    }
};

using BacktraceFn = int (*)(void**, int);
extern std::atomic<BacktraceFn> g_backtrace;
extern std::atomic<bool> g_capture_ready;
extern unwind::UnwinderKind g_unwinder;
extern std::uintptr_t g_own_code_begin;
extern std::uintptr_t g_own_code_end;

// Set once this thread has captured a stack: its first capture may allocate
// (libunwind's thread state) or read /proc (the stack's bounds).
extern __thread bool tls_unwound_once __attribute__((tls_model("initial-exec")));

// A hook may open a NestedRecordingWindow once the thread records into its own
// stream and has done its first capture.
inline bool thread_ready_for_nested_recording() {
    return runtime::tls_thread_slot != nullptr && tls_unwound_once;
}

// Frames the hook and the unwinder may add on top of the caller's.
inline constexpr int kSpareFrames = 8;

// The fast or frame-pointer walk from regs; false when the stack needs
// libunwind (out is then untouched).
bool capture_with_rules(const unwind::RegisterState& regs, CapturedStack& out);

// Copies frames to out without the recorder's own: the hook at the top, and
// the main() wrapper that the __libc_start_main hook puts at the bottom.
inline std::uint64_t frame_address(std::uint64_t frame) {
    return frame;
}
inline std::uint64_t frame_address(void* frame) {
    return reinterpret_cast<std::uintptr_t>(frame);
}
template <typename Frame>
inline void keep_program_frames(const Frame* frames, std::uint32_t count, CapturedStack& out) {
    std::uint32_t depth = 0;
    for (std::uint32_t i = 0; i < count && depth < runtime::kMaxStackDepth; ++i) {
        const std::uint64_t ip = frame_address(frames[i]);
        if (ip >= g_own_code_begin && ip < g_own_code_end) continue;
        out.ips[depth++] = ip;
    }
    out.depth = depth;
}

extern __thread bool tls_libunwind_ready __attribute__((tls_model("initial-exec")));

// unw_backtrace from the calling hook (inlined, so that libunwind has no
// extra recorder frame to step through).
__attribute__((always_inline)) inline void capture_with_libunwind(CapturedStack& out) {
    const BacktraceFn backtrace = g_backtrace.load(std::memory_order_acquire);
    // A signal handler that interrupted libunwind on this thread: libunwind is
    // not re-entrant, so its event goes without a stack.
    if (backtrace == nullptr || runtime::tls_in_unwinder) return;
    void* frames[runtime::kMaxStackDepth + kSpareFrames];
    runtime::tls_in_unwinder = true;
    int n = 0;
    if (tls_libunwind_ready) {
        n = backtrace(frames, runtime::kMaxStackDepth + kSpareFrames);
    } else {
        // Its first unwind allocates the thread's state: those calls are the
        // recorder's, even inside a hook's nested-recording window.
        runtime::InternalWork first_unwind;
        n = backtrace(frames, runtime::kMaxStackDepth + kSpareFrames);
        tls_libunwind_ready = true;
    }
    runtime::tls_in_unwinder = false;
    tls_unwound_once = true;
    keep_program_frames(frames, n > 0 ? static_cast<std::uint32_t>(n) : 0, out);
}

// After dlclose: forget the unwinding rules of addresses that may be reused.
void forget_unwind_rules();

// Return addresses of the calling hook's caller and its callers, innermost
// first, without the recorder's own frames. Always inlined into the hook: the
// walk starts from the hook's own registers, and each recorder frame between
// the hook and the unwinder would cost an unwinding step.
__attribute__((always_inline)) inline void capture_stack(CapturedStack& out) {
    out.depth = 0;
    if (!g_capture_ready.load(std::memory_order_acquire)) return;
    if (g_unwinder != unwind::UnwinderKind::kLibunwind &&
        capture_with_rules(unwind::current_registers(), out))
        return;
    capture_with_libunwind(out);
}

}  // namespace memscope::preload
