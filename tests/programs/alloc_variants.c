/* Every allocation entry point besides malloc and realloc, each in its own
 * function so per-site figures are exact. pvalloc is asked for whole pages:
 * its "requested size" is then the same whether a tool records the argument
 * or the page-rounded size. */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

#include "ground_truth.h"

static void* volatile sink;
static volatile size_t huge_count = SIZE_MAX / 2;
static int failed_calls;

__attribute__((noinline)) static void use_calloc(void) {
    sink = calloc(10, 100);
    free(sink);
    if (calloc(huge_count, 4) == NULL) ++failed_calls;
}

__attribute__((noinline)) static void use_reallocarray(void) {
    void* p = reallocarray(NULL, 20, 30);
    p = reallocarray(p, 40, 30);
    sink = p;
    free(p);
    if (reallocarray(NULL, huge_count, 4) == NULL) ++failed_calls;
}

__attribute__((noinline)) static void use_posix_memalign(void) {
    void* p = NULL;
    if (posix_memalign(&p, 64, 1000) == 0) free(p);
    if (posix_memalign(&p, 3, 100) != 0) ++failed_calls;  // alignment not a power of two
}

__attribute__((noinline)) static void use_aligned_alloc(void) {
    sink = aligned_alloc(128, 1024);
    free(sink);
}

__attribute__((noinline)) static void leak_memalign(void) {
    sink = memalign(256, 500);
}

__attribute__((noinline)) static void use_valloc(void) {
    void* p = valloc(3000);
    free(p);
}

__attribute__((noinline)) static void use_pvalloc(size_t page) {
    void* p = pvalloc(2 * page);
    free(p);
}

int main(void) {
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    use_calloc();
    use_reallocarray();
    use_posix_memalign();
    use_aligned_alloc();
    leak_memalign();
    use_valloc();
    use_pvalloc(page);

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "alloc_variants");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "allocation_calls", 8);
    gt_u64(&gt, "allocated_bytes", 1000 + 600 + 1200 + 1000 + 1024 + 500 + 3000 + 2 * page);
    gt_u64(&gt, "use_calloc_calls", 1);
    gt_u64(&gt, "use_calloc_bytes", 1000);
    gt_u64(&gt, "use_reallocarray_calls", 2);
    gt_u64(&gt, "use_reallocarray_bytes", 1800);
    gt_u64(&gt, "use_posix_memalign_calls", 1);
    gt_u64(&gt, "use_posix_memalign_bytes", 1000);
    gt_u64(&gt, "use_aligned_alloc_calls", 1);
    gt_u64(&gt, "use_aligned_alloc_bytes", 1024);
    gt_u64(&gt, "leak_memalign_calls", 1);
    gt_u64(&gt, "leak_memalign_bytes", 500);
    gt_u64(&gt, "use_valloc_calls", 1);
    gt_u64(&gt, "use_valloc_bytes", 3000);
    gt_u64(&gt, "use_pvalloc_calls", 1);
    gt_u64(&gt, "use_pvalloc_bytes", 2 * page);
    gt_u64(&gt, "peak_heap_bytes", 500 + 2 * page);
    gt_u64(&gt, "leaked_bytes", 500);
    gt_u64(&gt, "leaked_blocks", 1);
    gt_u64(&gt, "failed_calls", (uint64_t)failed_calls);
    gt_end(&gt);
    return 0;
}
