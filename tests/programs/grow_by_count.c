/* One site whose size depends on an argument, one that does not: two runs
 * with different arguments differ by an exact amount at exactly one site,
 * which is what `memscope diff` and `memscope history trend` are tested on.
 *
 * Usage: gt_grow_by_count N   (N blocks of kGrowSize bytes at grow_blocks) */
#include <stdlib.h>

#include "ground_truth.h"

enum {
    kGrowSize = 1000,
    kSteadyCount = 10,
    kSteadySize = 500,
    kMaxGrow = 1000,
};

static void* grown[kMaxGrow];
static void* steady[kSteadyCount];

static int grow_line;
static int steady_line;

#ifdef GT_OTHER_BUILD
/* gt_grow_by_count_rebuilt: the same program as another build would be, its
 * sites at other addresses, for diffs that must match stacks by symbol. */
__attribute__((noinline, used)) static int other_build_padding(int x) {
    volatile int sum = x;
    for (int i = 0; i < 64; ++i) sum = sum * 31 + i;
    for (int i = 0; i < 64; ++i) sum = sum ^ (sum >> 3) ^ i;
    return sum;
}
#endif

__attribute__((noinline)) static void grow_blocks(int count) {
    for (int i = 0; i < count; ++i) {
        grown[i] = GT_AT_LINE(grow_line, malloc(kGrowSize));
    }
}

__attribute__((noinline)) static void steady_blocks(void) {
    for (int i = 0; i < kSteadyCount; ++i) {
        steady[i] = GT_AT_LINE(steady_line, malloc(kSteadySize));
    }
}

int main(int argc, char** argv) {
    int count = argc > 1 ? atoi(argv[1]) : 1;
    if (count < 0) count = 0;
    if (count > kMaxGrow) count = kMaxGrow;
    steady_blocks();
    grow_blocks(count);
    /* Everything is live at once before this point: the peak holds both sites. */
    for (int i = 0; i < count; ++i) free(grown[i]);
    for (int i = 0; i < kSteadyCount; ++i) free(steady[i]);

    const uint64_t grow_bytes = (uint64_t)count * kGrowSize;
    const uint64_t steady_bytes = (uint64_t)kSteadyCount * kSteadySize;
    GroundTruth gt;
    gt_begin(&gt);
#ifdef GT_OTHER_BUILD
    gt_str(&gt, "program", "grow_by_count_rebuilt");
#else
    gt_str(&gt, "program", "grow_by_count");
#endif
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "grow_count", (uint64_t)count);
    gt_u64(&gt, "grow_bytes", grow_bytes);
    gt_u64(&gt, "grow_line", (uint64_t)grow_line);
    gt_u64(&gt, "steady_count", kSteadyCount);
    gt_u64(&gt, "steady_bytes", steady_bytes);
    gt_u64(&gt, "steady_line", (uint64_t)steady_line);
    gt_u64(&gt, "allocation_calls", (uint64_t)count + kSteadyCount);
    gt_u64(&gt, "allocated_bytes", grow_bytes + steady_bytes);
    gt_u64(&gt, "peak_heap_bytes", grow_bytes + steady_bytes);
    gt_u64(&gt, "leaked_bytes", 0);
    gt_end(&gt);
    return 0;
}
