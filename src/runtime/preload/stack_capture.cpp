#include "runtime/preload/stack_capture.h"

#define UNW_LOCAL_ONLY
#include <dlfcn.h>
#include <libunwind.h>
#include <link.h>

#include <atomic>

#include "runtime/unwind/frame_walker.h"
#include "runtime/unwind/process_rules.h"
#include "runtime/unwind/remembered_walk.h"
#include "runtime/unwind/stack_mapping.h"
#include "runtime/unwind/walk_memo_table.h"

namespace memscope::preload {

namespace {

#define MEMSCOPE_NAME_OF(symbol) MEMSCOPE_QUOTE(symbol)
#define MEMSCOPE_QUOTE(symbol) #symbol

using CachingFn = int (*)(unw_addr_space_t, unw_caching_policy_t);

int find_own_range(dl_phdr_info* info, std::size_t, void* context) {
    const auto here = reinterpret_cast<std::uintptr_t>(context);
    std::uintptr_t begin = ~std::uintptr_t{0};
    std::uintptr_t end = 0;
    bool mine = false;
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD) continue;
        const std::uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
        const std::uintptr_t hi = lo + ph.p_memsz;
        if (here >= lo && here < hi) mine = true;
        if ((ph.p_flags & PF_X) != 0) {
            if (lo < begin) begin = lo;
            if (hi > end) end = hi;
        }
    }
    if (!mine) return 0;
    g_own_code_begin = begin;
    g_own_code_end = end;
    return 1;
}

bool load_libunwind() {
    void* handle = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) return false;
    auto backtrace = reinterpret_cast<BacktraceFn>(dlsym(handle, "unw_backtrace"));
    auto caching =
        reinterpret_cast<CachingFn>(dlsym(handle, MEMSCOPE_NAME_OF(unw_set_caching_policy)));
    auto* space =
        static_cast<unw_addr_space_t*>(dlsym(handle, MEMSCOPE_NAME_OF(unw_local_addr_space)));
    if (backtrace == nullptr) return false;
    if (caching != nullptr && space != nullptr) caching(*space, UNW_CACHE_PER_THREAD);
    g_backtrace.store(backtrace, std::memory_order_release);
    return true;
}

bool own_code(std::uintptr_t pc) {
    return pc >= g_own_code_begin && pc < g_own_code_end;
}

// Frame pointers for the program's frames; the recorder's own frames (built
// without frame pointers) are crossed with their CFI rules.
struct FramePointerRules {
    unwind::UnwindRule operator()(std::uintptr_t key) const {
        return own_code(key - 1) ? unwind::process_rule(key) : unwind::kFramePointerRule;
    }
};

// The walk from regs through the thread's memos; out learns where the
// stack's id is remembered. A stack that repeats a memo whose id is known is
// not walked at all (the result says frames_skipped).
unwind::WalkResult walk_with_memos(unwind::WalkMemoTable& memos, const unwind::RegisterState& regs,
                                   const unwind::StackBounds& bounds, std::uint64_t* frames,
                                   std::uint32_t capacity, CapturedStack& out) {
    const unwind::ProcessRules rules;
    unwind::RegisterState caller = regs;
    // A walk that ends at its first step ends the same way without a memo.
    if (unwind::step_frame(caller, rules(regs.pc + 1), bounds) != unwind::StepEnd::kStepped)
        return unwind::walk_frames(regs, bounds, rules, frames, capacity);
    const std::uint32_t generation = unwind::g_rule_generation.load(std::memory_order_acquire);
    const std::uint64_t tag = unwind::WalkMemoTable::tag_of(caller);
    unwind::WalkMemoTable::Set& set = memos.set_of(tag);
    unwind::WalkMemo* memo = unwind::find_repeated_walk(set, tag, caller, bounds, generation);
    if (memo != nullptr && memo->derived != 0 && memo->count <= capacity) {
        unwind::WalkResult repeated;
        repeated.end = unwind::WalkEnd::kOutermost;
        repeated.remembered = repeated.repeated = repeated.frames_skipped = true;
        out.remembered_id = &memo->derived;
        out.repeated = true;
        return repeated;
    }
    if (memo == nullptr) memo = &unwind::take_walk_memo(set, tag);
    const unwind::WalkResult walk =
        unwind::walk_frames_remembering(regs, bounds, rules, *memo, generation, frames, capacity);
    if (walk.remembered) {
        out.remembered_id = &memo->derived;
        out.repeated = walk.repeated;
    }
    return walk;
}

}  // namespace

__thread bool tls_walk_memos_busy __attribute__((tls_model("initial-exec")));
std::atomic<BacktraceFn> g_backtrace{nullptr};
std::atomic<bool> g_capture_ready{false};
unwind::UnwinderKind g_unwinder = unwind::kDefaultUnwinder;
__thread bool tls_unwound_once __attribute__((tls_model("initial-exec"))) = false;
__thread bool tls_libunwind_ready __attribute__((tls_model("initial-exec"))) = false;
std::uintptr_t g_own_code_begin = 0;
std::uintptr_t g_own_code_end = 0;

bool init_stack_capture() {
    dl_iterate_phdr(find_own_range, reinterpret_cast<void*>(&init_stack_capture));
    g_unwinder = unwind::unwinder_from_environment();
    const bool have_libunwind = load_libunwind();
    const bool have_rules = unwind::init_process_rules();
    if (!have_rules && g_unwinder == unwind::UnwinderKind::kFast)
        g_unwinder = unwind::UnwinderKind::kLibunwind;
    const bool ready = have_libunwind || g_unwinder != unwind::UnwinderKind::kLibunwind;
    g_capture_ready.store(ready, std::memory_order_release);
    return ready;
}

bool capture_with_rules(const unwind::RegisterState& regs, CapturedStack& out) {
    const unwind::AddressRange stack = unwind::thread_stack_range(regs.sp);
    // Not on the thread's own stack (an alternate signal stack, a coroutine):
    // only libunwind knows how to cross into the interrupted stack.
    if (regs.sp < stack.begin || regs.sp >= stack.end) return false;
    const unwind::StackBounds bounds{regs.sp, stack.end};
    constexpr std::uint32_t kCapacity = runtime::kMaxStackDepth + kSpareFrames;
    std::uint64_t frames[kCapacity];
    unwind::WalkResult walk;
    if (g_unwinder == unwind::UnwinderKind::kFramePointers) {
        walk = unwind::walk_frames(regs, bounds, FramePointerRules{}, frames, kCapacity);
    } else if (runtime::ThreadSlot* slot = runtime::tls_thread_slot;
               slot != nullptr && !tls_walk_memos_busy) {
        tls_walk_memos_busy = true;
        std::atomic_signal_fence(std::memory_order_seq_cst);
        walk = walk_with_memos(slot->walks, regs, bounds, frames, kCapacity, out);
        // Claimed until out is recorded, when the walk left an id to fill in.
        out.holds_memos = out.remembered_id != nullptr;
        if (!out.holds_memos) {
            std::atomic_signal_fence(std::memory_order_seq_cst);
            tls_walk_memos_busy = false;
        }
    } else {
        // The thread's first event (no slot yet), or a signal handler that
        // interrupted a walk or a recording.
        walk = unwind::walk_frames(regs, bounds, unwind::ProcessRules{}, frames, kCapacity);
    }
    if (walk.end == unwind::WalkEnd::kUnknownRule) return false;
    tls_unwound_once = true;
    // The memo's stack again, its id known: the id stands for the frames
    // (intern_stack returns it without reading them), which were not copied.
    if (walk.frames_skipped) return true;
    keep_program_frames(frames, walk.depth, out);
    return true;
}

void forget_unwind_rules() {
    unwind::forget_process_rules();
}

}  // namespace memscope::preload
