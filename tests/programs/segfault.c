/* Allocates, reports, then dereferences NULL: the trace must still be
 * readable, end with signal 11, and hold the allocations made before. */
#include <stdlib.h>
#include <sys/resource.h>

#include "ground_truth.h"

enum { kBlocks = 4, kSize = 1000 };

static void* volatile blocks[kBlocks];
static int* volatile null_pointer;

__attribute__((noinline)) static void before_crash(void) {
    for (int i = 0; i < kBlocks; ++i) blocks[i] = malloc(kSize);
}

__attribute__((noinline)) static void crash_now(void) {
    *null_pointer = 1;
}

int main(void) {
    const struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);  // a crash test should not leave a core file behind
    before_crash();

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "segfault");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "allocation_calls", kBlocks);
    gt_u64(&gt, "allocated_bytes", (uint64_t)kBlocks * kSize);
    gt_u64(&gt, "leaked_bytes", (uint64_t)kBlocks * kSize);
    gt_u64(&gt, "leaked_blocks", kBlocks);
    gt_u64(&gt, "signal", 11);
    gt_end(&gt);

    crash_now();
    return 0;
}
