/* Allocates a known number of blocks, reports (the test reads this line),
 * then sleeps until the test SIGKILLs it. */
#include <stdlib.h>
#include <time.h>

#include "ground_truth.h"

enum { kBlocks = 50000, kSize = 64 };

static void* blocks[kBlocks];

__attribute__((noinline)) static void allocate_before_kill(void) {
    for (int i = 0; i < kBlocks; ++i) blocks[i] = malloc(kSize);
}

int main(void) {
    allocate_before_kill();

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "sigkill_target");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "allocations", kBlocks);
    gt_u64(&gt, "allocated_bytes", (uint64_t)kBlocks * kSize);
    gt_end(&gt);

    for (;;) {
        struct timespec second = {1, 0};
        nanosleep(&second, NULL);
    }
}
