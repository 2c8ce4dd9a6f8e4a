/* fork + exec: the child allocates a little, then execs gt_exec_target
 * (path in argv[1]). Three traces result: the parent's, the child's up to
 * exec, and the exec'd program's (same pid as the child). */
#include <stdlib.h>
#include <sys/wait.h>

#include "ground_truth.h"

enum { kBeforeExecBlocks = 2, kBeforeExecSize = 50, kExecTargetStatus = 0 };

static void* volatile before_exec[kBeforeExecBlocks];

__attribute__((noinline)) static void child_before_exec(void) {
    for (int i = 0; i < kBeforeExecBlocks; ++i) before_exec[i] = malloc(kBeforeExecSize);
}

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    const pid_t child = fork();
    if (child < 0) return 2;
    if (child == 0) {
        child_before_exec();
        char* const target_argv[] = {argv[1], NULL};
        execv(argv[1], target_argv);
        _exit(127);
    }
    int status = 0;
    if (waitpid(child, &status, 0) != child) return 3;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != kExecTargetStatus) return 4;

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "fork_exec");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "child_pid", (uint64_t)child);
    gt_u64(&gt, "parent_allocation_calls", 0);
    gt_u64(&gt, "before_exec_allocation_calls", kBeforeExecBlocks);
    gt_u64(&gt, "before_exec_bytes", (uint64_t)kBeforeExecBlocks * kBeforeExecSize);
    gt_end(&gt);
    return 0;
}
