/* The program fork_exec execs: a pure-C process with exact figures. */
#include <stdlib.h>

#include "ground_truth.h"

enum { kBlocks = 7, kSize = 100 };

static void* volatile blocks[kBlocks];

__attribute__((noinline)) static void exec_target_work(void) {
    for (int i = 0; i < kBlocks; ++i) blocks[i] = malloc(kSize);
}

int main(void) {
    exec_target_work();
    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "exec_target");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "allocation_calls", kBlocks);
    gt_u64(&gt, "allocated_bytes", (uint64_t)kBlocks * kSize);
    gt_u64(&gt, "leaked_bytes", (uint64_t)kBlocks * kSize);
    gt_u64(&gt, "leaked_blocks", kBlocks);
    gt_end(&gt);
    return 0;
}
