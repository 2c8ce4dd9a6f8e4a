/* Page faults belong to the call that took them. A malloc of 64 KiB or more
 * that fails starts a fault count it never finishes; the program then faults
 * in fresh pages outside any allocator call, and makes small calls of every
 * other kind. None of those small calls may report the faults. */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ground_truth.h"

enum { kRounds = 40, kFreshBytes = 1 << 20 };

int main(void) {
    for (int i = 0; i < kRounds; ++i) {
        void* volatile huge = malloc(SIZE_MAX / 2); /* fails */
        (void)huge;
        char* fresh =
            mmap(NULL, kFreshBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (fresh != MAP_FAILED) {
            memset(fresh, 1, kFreshBytes);
            munmap(fresh, kFreshBytes);
        }
        char* aligned = memalign(16, 32);
        char* grown = realloc(aligned, 48);
        free(grown);
    }

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "stale_faults");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "rounds", kRounds);
    gt_end(&gt);
    return 0;
}
