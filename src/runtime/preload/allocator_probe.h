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

}  // namespace memscope::preload
