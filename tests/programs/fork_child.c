/* fork: the child writes its own trace, holding only what it did after the
 * fork. The parent leaks in parent_work, the child in child_work, and the
 * child exits with a known status. */
#include <stdlib.h>
#include <sys/wait.h>

#include "ground_truth.h"

enum {
    kParentBlocks = 3,
    kParentSize = 1000,
    kChildBlocks = 5,
    kChildSize = 2000,
    kChildFreed = 3,
    kChildStatus = 3,
};

static void* volatile parent_blocks[kParentBlocks];
static void* volatile child_blocks[kChildBlocks];

__attribute__((noinline)) static void parent_work(void) {
    for (int i = 0; i < kParentBlocks; ++i) parent_blocks[i] = malloc(kParentSize);
}

__attribute__((noinline)) static void child_work(void) {
    for (int i = 0; i < kChildBlocks; ++i) child_blocks[i] = malloc(kChildSize);
    for (int i = 0; i < kChildFreed; ++i) free(child_blocks[i]);
}

int main(void) {
    parent_work();
    const pid_t child = fork();
    if (child < 0) return 2;
    if (child == 0) {
        child_work();
        exit(kChildStatus);
    }
    int status = 0;
    if (waitpid(child, &status, 0) != child) return 3;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != kChildStatus) return 4;

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "fork_child");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "child_pid", (uint64_t)child);
    gt_u64(&gt, "parent_allocation_calls", kParentBlocks);
    gt_u64(&gt, "parent_leaked_bytes", (uint64_t)kParentBlocks * kParentSize);
    gt_u64(&gt, "parent_leaked_blocks", kParentBlocks);
    gt_u64(&gt, "child_allocation_calls", kChildBlocks);
    gt_u64(&gt, "child_allocated_bytes", (uint64_t)kChildBlocks * kChildSize);
    gt_u64(&gt, "child_leaked_bytes", (uint64_t)(kChildBlocks - kChildFreed) * kChildSize);
    gt_u64(&gt, "child_leaked_blocks", kChildBlocks - kChildFreed);
    gt_u64(&gt, "child_exit_status", kChildStatus);
    gt_end(&gt);
    return 0;
}
