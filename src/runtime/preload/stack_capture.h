// Stack capture with libunwind's unw_backtrace (per-thread caching). libunwind
// is dlopen'ed RTLD_LOCAL by the constructor rather than linked: linked into a
// preloaded library its _Unwind_* and backtrace symbols would take precedence
// over libgcc_s's and glibc's for the whole program. Events recorded before the
// constructor ran carry no stack.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/core/call_stack.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/core/thread_registry.h"
#include "runtime/core/thread_stream.h"

namespace memscope::preload {

// Loads libunwind and notes the recorder's own code range; false if libunwind
// is unavailable (events then carry no stack).
bool init_stack_capture();

struct CapturedStack {
    std::uint64_t ips[runtime::kMaxStackDepth];
    std::uint32_t depth = 0;
    runtime::CallStack view() const { return runtime::CallStack{ips, depth}; }
};

using BacktraceFn = int (*)(void**, int);
extern std::atomic<BacktraceFn> g_backtrace;
extern std::uintptr_t g_own_code_begin;
extern std::uintptr_t g_own_code_end;

// Set once this thread has unwound: libunwind (dlopen'ed) allocates its
// thread-local state on a thread's first unwind, and only then.
extern __thread bool tls_unwound_once __attribute__((tls_model("initial-exec")));

// A hook may open a NestedRecordingWindow once the thread records into its own
// stream and libunwind has its per-thread state.
inline bool thread_ready_for_nested_recording() {
    return runtime::tls_thread_slot != nullptr && tls_unwound_once;
}

// Frames the hook and the unwinder may add on top of the caller's.
inline constexpr int kSpareFrames = 8;

// Return addresses of the calling hook's caller and its callers, innermost
// first, without the recorder's own frames. Always inlined into the hook: each
// recorder frame between the hook and the unwinder costs an unwinding step.
__attribute__((always_inline)) inline void capture_stack(CapturedStack& out) {
    out.depth = 0;
    const BacktraceFn backtrace = g_backtrace.load(std::memory_order_acquire);
    // A signal handler that interrupted libunwind on this thread: libunwind is
    // not re-entrant, so its event goes without a stack.
    if (backtrace == nullptr || runtime::tls_in_unwinder) return;
    void* frames[runtime::kMaxStackDepth + kSpareFrames];
    runtime::tls_in_unwinder = true;
    const int n = backtrace(frames, runtime::kMaxStackDepth + kSpareFrames);
    runtime::tls_in_unwinder = false;
    tls_unwound_once = true;
    std::uint32_t depth = 0;
    for (int i = 0; i < n && depth < runtime::kMaxStackDepth; ++i) {
        const auto ip = reinterpret_cast<std::uintptr_t>(frames[i]);
        // The recorder's frames: the hook at the top, and the main() wrapper
        // that the __libc_start_main hook puts at the bottom.
        if (ip >= g_own_code_begin && ip < g_own_code_end) continue;
        out.ips[depth++] = ip;
    }
    out.depth = depth;
}

}  // namespace memscope::preload
