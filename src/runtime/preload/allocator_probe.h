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

// Before the real call: starts counting the thread's page faults when bytes
// (the request, or the chunk a free releases) reach kFaultProbeBytes.
void start_fault_count(std::uint64_t bytes);
// After it: the faults since start_fault_count, zero when none was started.
PageFaults finish_fault_count();

// glibc's chunk size of a live block (0 without glibc): what a free releases.
std::uint64_t glibc_chunk_bytes(const void* block);

// For a block the allocator just returned, or one about to be freed.
bool glibc_own_mapping(const void* block);
// Bytes the break moved since the last look (0 without glibc).
std::int64_t brk_moved();

// The size of the heap of a thread arena that holds a block, read before the
// block is freed; heap is null when there is nothing to measure.
struct ArenaHeapLook {
    const void* heap = nullptr;
    std::uint64_t size = 0;
};
ArenaHeapLook arena_heap_before_free(const void* block);
// After the free: bytes the heap gave back during it (0 when none).
std::uint64_t arena_heap_returned(const ArenaHeapLook& before);
// After an allocation: bytes the block's heap grew since this thread last
// looked at it (0 when it did not, or on the first look).
std::uint64_t arena_heap_grown(const void* block);

}  // namespace memscope::preload
