// What glibc's allocator did inside a call, as far as the hooks can see it
// without tracing its system calls (glibc calls mmap, munmap and brk
// internally, not through the symbols the recorder interposes):
// - whether a block is a mapping of its own (glibc's IS_MMAPPED chunk bit,
//   set for requests above M_MMAP_THRESHOLD): allocating it mapped fresh
//   pages, freeing it unmaps them;
// - whether the heap's break moved (glibc's __curbrk), since the last call
//   that looked: the call grew or trimmed the main arena. With threads, a move
//   is charged to the first call that sees it, which may be another thread's
//   concurrent one.
// - whether a thread arena's heap grew or gave memory back: glibc keeps a
//   heap_info at the 64 MiB-aligned start of every heap of a non-main arena;
//   its size moves when malloc grows the heap (mprotect) and when free trims
//   it (madvise MADV_DONTNEED). A free is measured before and after the call,
//   on the first heap of its arena only (later heaps can be unmapped by the
//   free, the first never); an allocation against this thread's last look
//   at the same heap, so the first look at a heap tells nothing.
// - the page faults the thread took during calls of kFaultProbeBytes or more
//   (getrusage around the call: a system call each, small next to what such
//   calls cost when they touch fresh pages).
// Only when the real malloc is glibc's: the chunk header is read at p - 8,
// which another allocator may not have mapped. Page faults: any allocator.
#pragma once

#include <atomic>
#include <cstdint>

namespace memscope::preload {

// After the real allocator functions are resolved; false when the allocator
// is not glibc's (the probe then reports nothing).
bool init_allocator_probe();

inline constexpr std::uint64_t kFaultProbeBytes = 64 * 1024;

struct PageFaults {
    std::uint64_t minor = 0;
    std::uint64_t major = 0;
};

// Every hooked call goes through what follows: the common case (glibc's
// main arena, a small block, no fault count) stays inline and out of calls.
namespace probe_detail {
extern std::atomic<bool> g_glibc;
extern void** g_curbrk;  // glibc's __curbrk, null when not found
extern std::atomic<std::uintptr_t> g_last_brk;
extern __thread bool tls_counting_faults __attribute__((tls_model("initial-exec")));
void start_counting_faults();
PageFaults finish_counting_faults();
std::int64_t take_brk_move(std::uintptr_t now);
// glibc's chunk header bits: IS_MMAPPED, NON_MAIN_ARENA (a thread arena's heap).
inline constexpr std::uintptr_t kIsMmapped = 2;
inline constexpr std::uintptr_t kNonMainArena = 4;
}  // namespace probe_detail

// glibc's size word of a live block (the word before it), 0 without glibc.
inline std::uintptr_t glibc_size_word(const void* block) {
    if (block == nullptr || !probe_detail::g_glibc.load(std::memory_order_acquire)) return 0;
    return static_cast<const std::uintptr_t*>(block)[-1];
}
// What a free of that block releases.
inline std::uint64_t glibc_chunk_bytes(std::uintptr_t size_word) {
    return size_word & ~std::uintptr_t{7};
}
// The block is a mapping of its own.
inline bool glibc_own_mapping(std::uintptr_t size_word) {
    return (size_word & probe_detail::kIsMmapped) != 0;
}
// The block lies in a heap of a thread arena.
inline bool in_thread_arena(std::uintptr_t size_word) {
    return (size_word & (probe_detail::kIsMmapped | probe_detail::kNonMainArena)) ==
           probe_detail::kNonMainArena;
}

// Before the real call: starts counting the thread's page faults when bytes
// (the request, or the chunk a free releases) reach kFaultProbeBytes. Every
// call clears what an earlier one left: a call that failed never finished
// its count, and its faults must not land on the next call.
inline void start_fault_count(std::uint64_t bytes) {
    if (bytes >= kFaultProbeBytes) [[unlikely]] {
        probe_detail::start_counting_faults();
        return;
    }
    probe_detail::tls_counting_faults = false;
}
// After it: the faults since start_fault_count, zero when none was started.
inline PageFaults finish_fault_count() {
    if (!probe_detail::tls_counting_faults) [[likely]]
        return PageFaults{};
    return probe_detail::finish_counting_faults();
}

// Bytes the break moved since the last look (0 without glibc).
inline std::int64_t brk_moved() {
    if (probe_detail::g_curbrk == nullptr || !probe_detail::g_glibc.load(std::memory_order_acquire))
        return 0;
    const auto now = reinterpret_cast<std::uintptr_t>(__atomic_load_n(
        reinterpret_cast<void* volatile*>(probe_detail::g_curbrk), __ATOMIC_RELAXED));
    if (now == probe_detail::g_last_brk.load(std::memory_order_relaxed)) [[likely]]
        return 0;
    return probe_detail::take_brk_move(now);
}

// The size of the heap of a thread arena that holds a block, read before the
// block is freed; heap is null when there is nothing to measure. Only for a
// block in_thread_arena.
struct ArenaHeapLook {
    const void* heap = nullptr;
    std::uint64_t size = 0;
};
ArenaHeapLook arena_heap_before_free(const void* block);
// After the free, for a look whose heap is not null: bytes the heap gave
// back during it (0 when none).
std::uint64_t arena_heap_returned(const ArenaHeapLook& before);
// After an allocation of a block in_thread_arena: bytes its heap grew since
// this thread last looked at it (0 when it did not, or on the first look).
std::uint64_t arena_heap_grown(const void* block);

}  // namespace memscope::preload
