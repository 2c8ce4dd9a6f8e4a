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
// Only when the real malloc is glibc's: the chunk header is read at p - 8,
// which another allocator may not have mapped.
#pragma once

#include <cstdint>

namespace memscope::preload {

// After the real allocator functions are resolved; false when the allocator
// is not glibc's (the probe then reports nothing).
bool init_allocator_probe();

struct CallInside {
    bool own_mapping = false;    // the block is (or was, for a free) mmapped by glibc
    std::int64_t brk_delta = 0;  // bytes the break moved
    bool any() const { return own_mapping || brk_delta != 0; }
};

// For a block the allocator just returned, or one about to be freed.
bool glibc_own_mapping(const void* block);
// Bytes the break moved since the last look (0 without glibc).
std::int64_t brk_moved();

}  // namespace memscope::preload
