// The allocator entry points. Counting follows heaptrack: one event per
// successful call with the size requested; realloc is one kRealloc (old block
// freed, new one allocated), realloc(NULL, n) a plain allocation, realloc(p, 0)
// that frees a kFree; free(NULL) and failed calls are not recorded. errno is
// what the real function left.
//
// In sampled mode (recording_mode.h) each allocation first asks the thread's
// byte countdown (sampling_countdown.h): an unsampled one is a plain call of the
// real function, and a free asks the sampled-block set (sampled_blocks.h), so
// only sampled blocks cost a clock read, a stack and a record. The untracked
// set is not needed then: a block the recorder allocated is never in the
// sampled set, so its free is never recorded anyway.
//
// In aggregate mode (aggregate_recording.h) every allocation captures its
// stack and updates its site's counters; nothing is written per call and no
// clock is read. The untracked set is kept as in full mode, so that frees of
// the recorder's own blocks are not taken for frees of unknown blocks.
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

#include <cstring>

#include "format/column_layout.h"
#include "runtime/core/aggregate_recording.h"
#include "runtime/core/event_clock.h"
#include "runtime/core/event_recording.h"
#include "runtime/core/recorder.h"
#include "runtime/core/recording_mode.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/core/sampled_blocks.h"
#include "runtime/core/sampling_countdown.h"
#include "runtime/core/untracked_blocks.h"
#include "runtime/preload/allocator_probe.h"
#include "runtime/preload/bootstrap_arena.h"
#include "runtime/preload/hook_export.h"
#include "runtime/preload/real_functions.h"
#include "runtime/preload/stack_capture.h"

using memscope::format::AllocFunc;
using memscope::preload::bootstrap_allocate;
using memscope::preload::bootstrap_block_size;
using memscope::preload::bootstrap_owns;
using memscope::preload::CapturedStack;
using memscope::preload::g_real;
using memscope::preload::real_functions_ready;
using memscope::runtime::aggregating_allocations;
using memscope::runtime::event_clock_ns;
using memscope::runtime::NestedRecordingWindow;
using memscope::runtime::recorder_active;
using memscope::runtime::RecorderScope;
using memscope::runtime::sampling_allocations;
using memscope::runtime::should_sample;

namespace {

// A block the recorder's own code (or a signal handler interrupting a hook)
// allocated: not recorded, and neither will its free be.
void* untracked(void* block) {
    if (block != nullptr && recorder_active()) memscope::runtime::remember_untracked_block(block);
    return block;
}

// What the allocator did inside the call just recorded, when anything. It is
// stamped with the call's own event time (a free's start, an allocation's
// end): a later stamp would move the thread's next events later too, since
// times within a thread never go back, and reorder them against other threads.
// arena_heap_delta: bytes a thread arena's heap grew (+) or gave back (-).
__attribute__((always_inline)) inline void note_inside(std::uint8_t op, std::uint64_t size,
                                                       bool own_mapping,
                                                       std::int64_t arena_heap_delta,
                                                       std::uint64_t t0, std::uint64_t t1,
                                                       std::uint64_t at) {
    const std::int64_t brk = memscope::preload::brk_moved();
    const memscope::preload::PageFaults faults = memscope::preload::finish_fault_count();
    if (!own_mapping && brk == 0 && faults.minor == 0 && faults.major == 0 && arena_heap_delta == 0)
        [[likely]]
        return;
    memscope::runtime::CallInside inside;
    inside.op = op;
    inside.size = size;
    inside.duration_ns = t1 - t0;
    inside.flags = own_mapping ? memscope::format::kInsideOwnMapping : 0;
    inside.brk_delta = brk;
    inside.minor_faults = faults.minor;
    inside.major_faults = faults.major;
    inside.arena_heap_delta = arena_heap_delta;
    memscope::runtime::record_call_inside(inside, at);
}

// For a block the allocator just returned: whether it is a mapping of its
// own, and the bytes its thread arena's heap grew by.
struct NewBlockFacts {
    bool own_mapping = false;
    std::int64_t arena_growth = 0;
};
__attribute__((always_inline)) inline NewBlockFacts new_block_facts(const void* block) {
    const std::uintptr_t word = memscope::preload::glibc_size_word(block);
    NewBlockFacts facts;
    facts.own_mapping = memscope::preload::glibc_own_mapping(word);
    if (memscope::preload::in_thread_arena(word)) [[unlikely]]
        facts.arena_growth = static_cast<std::int64_t>(memscope::preload::arena_heap_grown(block));
    return facts;
}

__attribute__((always_inline)) inline void note_alloc(AllocFunc func, const void* p,
                                                      std::size_t size, std::uint64_t t0,
                                                      std::uint64_t t1) {
    const int saved = errno;
    NestedRecordingWindow window(memscope::preload::thread_ready_for_nested_recording());
    CapturedStack stack;
    memscope::preload::capture_stack(stack);
    memscope::runtime::record_alloc(func, p, size, stack.view(), t0, t1);
    const NewBlockFacts facts = new_block_facts(p);
    note_inside(static_cast<std::uint8_t>(func), size, facts.own_mapping, facts.arena_growth, t0,
                t1, t1);
    errno = saved;
}

bool forget_if_untracked(void* block) {
    return block != nullptr && memscope::runtime::forget_untracked_block(block);
}

// An untracked resize: the old block leaves the set, the new one joins it.
void* resize_untracked(void* new_block, void* old_block) {
    if (new_block != nullptr && old_block != nullptr)
        memscope::runtime::forget_untracked_block(old_block);
    return untracked(new_block);
}

// realloc and reallocarray share their bookkeeping.
__attribute__((always_inline)) inline void note_realloc(AllocFunc func, void* old_block,
                                                        void* new_block, std::size_t size,
                                                        std::uint64_t t0, std::uint64_t t1) {
    const int saved = errno;
    NestedRecordingWindow window(memscope::preload::thread_ready_for_nested_recording());
    if (old_block == nullptr) {
        if (new_block != nullptr) {
            CapturedStack stack;
            memscope::preload::capture_stack(stack);
            memscope::runtime::record_alloc(func, new_block, size, stack.view(), t0, t1);
        }
    } else if (new_block == nullptr) {
        if (size == 0) memscope::runtime::record_free(old_block, t0, t1);
    } else {
        CapturedStack stack;
        memscope::preload::capture_stack(stack);
        memscope::runtime::record_realloc(func, old_block, new_block, size, stack.view(), t0, t1);
    }
    if (new_block != nullptr) {
        const NewBlockFacts facts = new_block_facts(new_block);
        note_inside(static_cast<std::uint8_t>(func), size, facts.own_mapping, facts.arena_growth,
                    t0, t1, t1);
    }
    errno = saved;
}

// A block from the bootstrap arena is moved to the real heap when resized.
void* move_out_of_arena(void* old_block, std::size_t size) {
    void* fresh = malloc(size);
    if (fresh != nullptr) {
        const std::size_t old_size = bootstrap_block_size(old_block);
        std::memcpy(fresh, old_block, old_size < size ? old_size : size);
    }
    return fresh;
}

// The real free of a block whose free is recorded (every block in full mode,
// a sampled one in sampled mode).
void free_and_record(void* p) {
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered() || !recorder_active()) {
        g_real.free(p);
        return;
    }
    const int saved = errno;
    // The chunk header is gone once the block is freed.
    const std::uintptr_t word = memscope::preload::glibc_size_word(p);
    const bool own_mapping = memscope::preload::glibc_own_mapping(word);
    memscope::preload::ArenaHeapLook heap;
    if (memscope::preload::in_thread_arena(word)) [[unlikely]]
        heap = memscope::preload::arena_heap_before_free(p);
    memscope::preload::start_fault_count(memscope::preload::glibc_chunk_bytes(word));
    const std::uint64_t t0 = memscope::runtime::release_clock_ns();
    g_real.free(p);
    const std::uint64_t t1 = event_clock_ns();
    {
        NestedRecordingWindow window(memscope::preload::thread_ready_for_nested_recording());
        memscope::runtime::record_free(p, t0, t1);
        const auto returned =
            heap.heap == nullptr
                ? 0
                : static_cast<std::int64_t>(memscope::preload::arena_heap_returned(heap));
        note_inside(memscope::format::kDurationOpFree, 0, own_mapping, -returned, t0, t1, t0);
    }
    errno = saved;
}

// A sampled allocation: recorded as in full mode, and its block joins the
// sampled set before the program can see (and free) it.
template <class RealCall>
__attribute__((noinline)) void* sampled_allocation(AllocFunc func, std::size_t size,
                                                   RealCall call) {
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered() || !recorder_active()) return call();
    memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = event_clock_ns();
    void* p = call();
    const std::uint64_t t1 = event_clock_ns();
    if (p == nullptr) return p;
    if (memscope::runtime::remember_sampled_block(p))
        note_alloc(func, p, size, t0, t1);
    else
        memscope::runtime::count_lost_event();
    return p;
}

// A realloc in sampled mode with a sampled old block, a sampled new one, or
// both: the old block's release and the new block's allocation are recorded
// only for the sampled halves.
__attribute__((noinline)) void* sampled_realloc(AllocFunc func, void* old_block, bool old_sampled,
                                                bool new_sampled, std::size_t size) {
    RecorderScope scope(memscope::runtime::kEventHook);
    const bool recording = scope.entered() && recorder_active();
    if (recording) memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = recording ? event_clock_ns() : 0;
    void* p = g_real.realloc(old_block, size);
    const std::uint64_t t1 = recording ? event_clock_ns() : 0;
    if (p == nullptr && size != 0) {  // failed: the old block is still live
        if (old_sampled) memscope::runtime::remember_sampled_block(old_block);
        return p;
    }
    if (!recording) return p;
    const int saved = errno;
    bool record_new = new_sampled && p != nullptr;
    if (record_new && !memscope::runtime::remember_sampled_block(p)) {
        memscope::runtime::count_lost_event();
        record_new = false;
    }
    {
        NestedRecordingWindow window(memscope::preload::thread_ready_for_nested_recording());
        CapturedStack stack;
        if (record_new) memscope::preload::capture_stack(stack);
        if (old_sampled && p == nullptr)
            memscope::runtime::record_free(old_block, t0, t1);  // realloc(p, 0) freed it
        else if (old_sampled || record_new)
            memscope::runtime::record_realloc(func, old_sampled ? old_block : nullptr,
                                              record_new ? p : nullptr, size, stack.view(), t0, t1);
    }
    errno = saved;
    return p;
}

// The sampled-mode realloc and reallocarray: the common case (neither block
// sampled) is a plain call.
__attribute__((always_inline)) inline void* realloc_when_sampling(AllocFunc func, void* old_block,
                                                                  std::size_t size) {
    const bool old_sampled =
        old_block != nullptr && memscope::runtime::forget_sampled_block(old_block);
    const bool new_sampled = should_sample(size);
    if (!old_sampled && !new_sampled) [[likely]]
        return g_real.realloc(old_block, size);
    return sampled_realloc(func, old_block, old_sampled, new_sampled, size);
}

__attribute__((always_inline)) inline void note_aggregate_alloc(const void* p, std::size_t size) {
    const int saved = errno;
    NestedRecordingWindow window(memscope::preload::thread_ready_for_nested_recording());
    CapturedStack stack;
    memscope::preload::capture_stack(stack);
    memscope::runtime::aggregate_alloc(p, size, stack.view());
    errno = saved;
}

// An allocation in aggregate mode: the block joins the live-block table and
// its site's counters before the program can see (and free) it.
template <class RealCall>
__attribute__((noinline)) void* aggregated_allocation(std::size_t size, RealCall call) {
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return untracked(call());
    if (!recorder_active()) return call();
    void* p = call();
    if (p != nullptr) note_aggregate_alloc(p, size);
    return p;
}

// A free in aggregate mode: the block leaves the table before the real free
// (once the address is back in the allocator another thread may get it).
__attribute__((noinline)) void free_when_aggregating(void* p) {
    {
        RecorderScope scope(memscope::runtime::kEventHook);
        if (scope.entered() && recorder_active()) {
            const int saved = errno;
            memscope::runtime::aggregate_free(p);
            errno = saved;
        } else {
            memscope::runtime::forget_untracked_block(p);
        }
    }
    g_real.free(p);
}

// realloc and reallocarray in aggregate mode: realloc = release + allocation,
// as in full mode; a failed call leaves the old block live.
__attribute__((noinline)) void* realloc_when_aggregating(void* old_block, std::size_t size) {
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return resize_untracked(g_real.realloc(old_block, size), old_block);
    if (!recorder_active()) return g_real.realloc(old_block, size);
    memscope::runtime::LiveBlockTable::Block old;
    const bool old_known =
        old_block != nullptr && memscope::runtime::aggregate_take_block(old_block, &old);
    const bool old_untracked = old_block != nullptr && !old_known && forget_if_untracked(old_block);
    void* p = g_real.realloc(old_block, size);
    if (p == nullptr && size != 0) {
        if (old_known) memscope::runtime::aggregate_put_back(old_block, old);
        if (old_untracked) untracked(old_block);
        return p;
    }
    const int saved = errno;
    if (old_known)
        memscope::runtime::aggregate_release(old_block, old, p == nullptr);
    else if (old_block != nullptr && !old_untracked)
        memscope::runtime::aggregate_unknown_free();
    errno = saved;
    if (p != nullptr) note_aggregate_alloc(p, size);
    return p;
}

}  // namespace

MEMSCOPE_HOOK void* malloc(std::size_t size) noexcept {
    if (!real_functions_ready()) return bootstrap_allocate(size);
    if (sampling_allocations()) {
        if (!should_sample(size)) [[likely]]
            return g_real.malloc(size);
        return sampled_allocation(AllocFunc::kMalloc, size, [size] { return g_real.malloc(size); });
    }
    if (aggregating_allocations())
        return aggregated_allocation(size, [size] { return g_real.malloc(size); });
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return untracked(g_real.malloc(size));
    if (!recorder_active()) return g_real.malloc(size);
    memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = event_clock_ns();
    void* p = g_real.malloc(size);
    const std::uint64_t t1 = event_clock_ns();
    if (p != nullptr) note_alloc(AllocFunc::kMalloc, p, size, t0, t1);
    return p;
}

MEMSCOPE_HOOK void free(void* p) noexcept {
    if (p == nullptr || bootstrap_owns(p) || !real_functions_ready()) return;
    if (sampling_allocations()) {
        // The set is consulted before the real free: once the address is
        // back in the allocator another thread may be given it and sample it.
        if (!memscope::runtime::forget_sampled_block(p)) [[likely]] {
            g_real.free(p);
            return;
        }
        free_and_record(p);
        return;
    }
    if (aggregating_allocations()) {
        free_when_aggregating(p);
        return;
    }
    // The untracked set is consulted (and pruned) on every path, or a stale
    // entry could hide the free of a later block at the same address.
    if (memscope::runtime::forget_untracked_block(p)) {
        g_real.free(p);
        return;
    }
    free_and_record(p);
}

MEMSCOPE_HOOK void* calloc(std::size_t count, std::size_t size) noexcept {
    if (!real_functions_ready()) {
        std::size_t total = 0;
        if (__builtin_mul_overflow(count, size, &total)) return nullptr;
        return bootstrap_allocate(total);
    }
    if (sampling_allocations()) {
        std::size_t total = 0;
        if (__builtin_mul_overflow(count, size, &total)) return g_real.calloc(count, size);
        if (!should_sample(total)) [[likely]]
            return g_real.calloc(count, size);
        return sampled_allocation(AllocFunc::kCalloc, total,
                                  [count, size] { return g_real.calloc(count, size); });
    }
    if (aggregating_allocations()) {
        std::size_t total = 0;
        if (__builtin_mul_overflow(count, size, &total)) return g_real.calloc(count, size);
        return aggregated_allocation(total, [count, size] { return g_real.calloc(count, size); });
    }
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return untracked(g_real.calloc(count, size));
    if (!recorder_active()) return g_real.calloc(count, size);
    std::size_t total = 0;
    if (__builtin_mul_overflow(count, size, &total)) total = 0;  // calloc fails
    memscope::preload::start_fault_count(total);
    const std::uint64_t t0 = event_clock_ns();
    void* p = g_real.calloc(count, size);
    const std::uint64_t t1 = event_clock_ns();
    if (p != nullptr) note_alloc(AllocFunc::kCalloc, p, count * size, t0, t1);
    return p;
}

MEMSCOPE_HOOK void* realloc(void* old_block, std::size_t size) noexcept {
    if (old_block != nullptr && bootstrap_owns(old_block))
        return move_out_of_arena(old_block, size);
    if (!real_functions_ready()) return bootstrap_allocate(size);
    if (sampling_allocations()) return realloc_when_sampling(AllocFunc::kRealloc, old_block, size);
    if (aggregating_allocations()) return realloc_when_aggregating(old_block, size);
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return resize_untracked(g_real.realloc(old_block, size), old_block);
    if (!recorder_active()) return g_real.realloc(old_block, size);
    const bool old_untracked = forget_if_untracked(old_block);
    memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = memscope::runtime::release_clock_ns();
    void* p = g_real.realloc(old_block, size);
    const std::uint64_t t1 = event_clock_ns();
    if (p == nullptr && size != 0 && old_untracked) untracked(old_block);
    note_realloc(AllocFunc::kRealloc, old_untracked ? nullptr : old_block, p, size, t0, t1);
    return p;
}

MEMSCOPE_HOOK void* reallocarray(void* old_block, std::size_t count, std::size_t size) noexcept {
    std::size_t total = 0;
    if (__builtin_mul_overflow(count, size, &total)) {
        errno = ENOMEM;
        return nullptr;
    }
    if (old_block != nullptr && bootstrap_owns(old_block))
        return move_out_of_arena(old_block, total);
    if (!real_functions_ready()) return bootstrap_allocate(total);
    if (sampling_allocations())
        return realloc_when_sampling(AllocFunc::kReallocArray, old_block, total);
    if (aggregating_allocations()) return realloc_when_aggregating(old_block, total);
    // glibc's reallocarray calls realloc through the PLT, which would land in
    // our realloc hook inside this one and hide the block; the overflow check
    // is all reallocarray adds, so call the real realloc directly.
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return resize_untracked(g_real.realloc(old_block, total), old_block);
    if (!recorder_active()) return g_real.realloc(old_block, total);
    const bool old_untracked = forget_if_untracked(old_block);
    memscope::preload::start_fault_count(total);
    const std::uint64_t t0 = event_clock_ns();
    void* p = g_real.realloc(old_block, total);
    const std::uint64_t t1 = event_clock_ns();
    if (p == nullptr && total != 0 && old_untracked) untracked(old_block);
    note_realloc(AllocFunc::kReallocArray, old_untracked ? nullptr : old_block, p, total, t0, t1);
    return p;
}

MEMSCOPE_HOOK int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
    if (!real_functions_ready()) {
        *out = bootstrap_allocate(size, alignment);
        return *out != nullptr ? 0 : ENOMEM;
    }
    if (sampling_allocations()) {
        if (!should_sample(size)) [[likely]]
            return g_real.posix_memalign(out, alignment, size);
        int rc = 0;
        sampled_allocation(AllocFunc::kPosixMemalign, size, [&] {
            rc = g_real.posix_memalign(out, alignment, size);
            return rc == 0 ? *out : nullptr;
        });
        return rc;
    }
    if (aggregating_allocations()) {
        int rc = 0;
        aggregated_allocation(size, [&] {
            rc = g_real.posix_memalign(out, alignment, size);
            return rc == 0 ? *out : nullptr;
        });
        return rc;
    }
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) {
        const int rc = g_real.posix_memalign(out, alignment, size);
        if (rc == 0) untracked(*out);
        return rc;
    }
    if (!recorder_active()) return g_real.posix_memalign(out, alignment, size);
    memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = event_clock_ns();
    const int rc = g_real.posix_memalign(out, alignment, size);
    const std::uint64_t t1 = event_clock_ns();
    if (rc == 0) note_alloc(AllocFunc::kPosixMemalign, *out, size, t0, t1);
    return rc;
}

MEMSCOPE_HOOK void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    if (!real_functions_ready()) return bootstrap_allocate(size, alignment);
    if (sampling_allocations()) {
        if (!should_sample(size)) [[likely]]
            return g_real.aligned_alloc(alignment, size);
        return sampled_allocation(AllocFunc::kAlignedAlloc, size, [alignment, size] {
            return g_real.aligned_alloc(alignment, size);
        });
    }
    if (aggregating_allocations()) {
        return aggregated_allocation(
            size, [alignment, size] { return g_real.aligned_alloc(alignment, size); });
    }
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return untracked(g_real.aligned_alloc(alignment, size));
    if (!recorder_active()) return g_real.aligned_alloc(alignment, size);
    memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = event_clock_ns();
    void* p = g_real.aligned_alloc(alignment, size);
    const std::uint64_t t1 = event_clock_ns();
    if (p != nullptr) note_alloc(AllocFunc::kAlignedAlloc, p, size, t0, t1);
    return p;
}

MEMSCOPE_HOOK void* memalign(std::size_t alignment, std::size_t size) noexcept {
    if (!real_functions_ready()) return bootstrap_allocate(size, alignment);
    if (sampling_allocations()) {
        if (!should_sample(size)) [[likely]]
            return g_real.memalign(alignment, size);
        return sampled_allocation(AllocFunc::kMemalign, size,
                                  [alignment, size] { return g_real.memalign(alignment, size); });
    }
    if (aggregating_allocations()) {
        return aggregated_allocation(
            size, [alignment, size] { return g_real.memalign(alignment, size); });
    }
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return untracked(g_real.memalign(alignment, size));
    if (!recorder_active()) return g_real.memalign(alignment, size);
    memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = event_clock_ns();
    void* p = g_real.memalign(alignment, size);
    const std::uint64_t t1 = event_clock_ns();
    if (p != nullptr) note_alloc(AllocFunc::kMemalign, p, size, t0, t1);
    return p;
}

MEMSCOPE_HOOK void* valloc(std::size_t size) noexcept {
    if (!real_functions_ready()) return bootstrap_allocate(size, 4096);
    if (sampling_allocations()) {
        if (!should_sample(size)) [[likely]]
            return g_real.valloc(size);
        return sampled_allocation(AllocFunc::kValloc, size, [size] { return g_real.valloc(size); });
    }
    if (aggregating_allocations())
        return aggregated_allocation(size, [size] { return g_real.valloc(size); });
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return untracked(g_real.valloc(size));
    if (!recorder_active()) return g_real.valloc(size);
    memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = event_clock_ns();
    void* p = g_real.valloc(size);
    const std::uint64_t t1 = event_clock_ns();
    if (p != nullptr) note_alloc(AllocFunc::kValloc, p, size, t0, t1);
    return p;
}

MEMSCOPE_HOOK void* pvalloc(std::size_t size) noexcept {
    if (!real_functions_ready()) return bootstrap_allocate(size, 4096);
    if (sampling_allocations()) {
        if (!should_sample(size)) [[likely]]
            return g_real.pvalloc(size);
        return sampled_allocation(AllocFunc::kPvalloc, size,
                                  [size] { return g_real.pvalloc(size); });
    }
    if (aggregating_allocations())
        return aggregated_allocation(size, [size] { return g_real.pvalloc(size); });
    RecorderScope scope(memscope::runtime::kEventHook);
    if (!scope.entered()) return untracked(g_real.pvalloc(size));
    if (!recorder_active()) return g_real.pvalloc(size);
    memscope::preload::start_fault_count(size);
    const std::uint64_t t0 = event_clock_ns();
    void* p = g_real.pvalloc(size);
    const std::uint64_t t1 = event_clock_ns();
    if (p != nullptr) note_alloc(AllocFunc::kPvalloc, p, size, t0, t1);
    return p;
}
