/* Single thread, plain malloc/free: exact counts, bytes, peak and leaks.
 *
 * Order matters for the temporary count: every freed block has at least one
 * later allocation call before its free, so no block is temporary. */
#include <stdlib.h>

#include "ground_truth.h"

enum {
    kSmallCount = 100,
    kSmallSize = 24,
    kMediumCount = 10,
    kMediumSize = 4000,
    kLeakCount = 3,
};
static const size_t kLeakSizes[kLeakCount] = {1000, 2000, 3000};

static void* small_blocks[kSmallCount];
static void* medium_blocks[kMediumCount];
void* volatile leaked_blocks[kLeakCount];  // visible to the end: a real leak, not dead code

static int small_line;
static int medium_line;
static int leak_line;

__attribute__((noinline)) static void make_small_blocks(void) {
    for (int i = 0; i < kSmallCount; ++i) {
        small_blocks[i] = GT_AT_LINE(small_line, malloc(kSmallSize));
    }
}

__attribute__((noinline)) static void make_medium_blocks(void) {
    for (int i = 0; i < kMediumCount; ++i) {
        medium_blocks[i] = GT_AT_LINE(medium_line, malloc(kMediumSize));
    }
}

__attribute__((noinline)) static void leak_three_blocks(void) {
    for (int i = 0; i < kLeakCount; ++i) {
        leaked_blocks[i] = GT_AT_LINE(leak_line, malloc(kLeakSizes[i]));
    }
}

__attribute__((noinline)) static void free_everything_but_leaks(void) {
    for (int i = 0; i < kSmallCount; ++i) free(small_blocks[i]);
    for (int i = 0; i < kMediumCount; ++i) free(medium_blocks[i]);
}

int main(void) {
    make_small_blocks();
    make_medium_blocks();
    leak_three_blocks();
    free_everything_but_leaks();

    uint64_t leak_bytes = 0;
    for (int i = 0; i < kLeakCount; ++i) leak_bytes += kLeakSizes[i];
    const uint64_t small_bytes = (uint64_t)kSmallCount * kSmallSize;
    const uint64_t medium_bytes = (uint64_t)kMediumCount * kMediumSize;

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "basic_counts");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "allocation_calls", kSmallCount + kMediumCount + kLeakCount);
    gt_u64(&gt, "allocated_bytes", small_bytes + medium_bytes + leak_bytes);
    gt_u64(&gt, "free_calls", kSmallCount + kMediumCount);
    gt_u64(&gt, "temporary_allocations", 0);
    gt_u64(&gt, "peak_heap_bytes", small_bytes + medium_bytes + leak_bytes);
    gt_u64(&gt, "leaked_bytes", leak_bytes);
    gt_u64(&gt, "leaked_blocks", kLeakCount);
    gt_u64(&gt, "small_count", kSmallCount);
    gt_u64(&gt, "small_bytes", small_bytes);
    gt_u64(&gt, "small_line", (uint64_t)small_line);
    gt_u64(&gt, "medium_count", kMediumCount);
    gt_u64(&gt, "medium_bytes", medium_bytes);
    gt_u64(&gt, "medium_line", (uint64_t)medium_line);
    gt_u64(&gt, "leak_line", (uint64_t)leak_line);
    gt_end(&gt);
    return 0;
}
