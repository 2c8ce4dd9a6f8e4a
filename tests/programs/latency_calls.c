/* Allocator calls whose cost is known in kind: large blocks that glibc must
 * map (every one is above its 128 KiB mmap threshold and all stay live until
 * the end, so the threshold never adapts), small blocks served from its
 * caches, and explicit anonymous mappings.
 *
 * The figures the latency report must agree with are the call counts per
 * function and per size class; the durations themselves depend on the
 * machine, except that mapping fresh memory is slower than reusing a cached
 * small block, which the scenario checks on medians. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "ground_truth.h"

enum { kLargeBlocks = 48, kSmallPairs = 4000, kMappings = 6 };
static const size_t kLargeSize = (size_t)1 << 20;
static const size_t kSmallSize = 48;
static const size_t kMappingSize = (size_t)4 << 20;

__attribute__((noinline)) static void large_blocks(void) {
    char* blocks[kLargeBlocks];
    for (int i = 0; i < kLargeBlocks; ++i) {
        blocks[i] = malloc(kLargeSize);
        blocks[i][0] = (char)i;
    }
    for (int i = 0; i < kLargeBlocks; ++i) free(blocks[i]);
}

__attribute__((noinline)) static void small_blocks(void) {
    for (int i = 0; i < kSmallPairs; ++i) {
        char* volatile p = malloc(kSmallSize);
        p[0] = (char)i;
        free(p);
    }
}

__attribute__((noinline)) static void mappings(void) {
    for (int i = 0; i < kMappings; ++i) {
        char* m =
            mmap(NULL, kMappingSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) continue;
        memset(m, 1, kMappingSize);
        munmap(m, kMappingSize);
    }
}

/* The recorder samples RSS and memory pressure on a timer (10 ms by
 * default). Waiting several periods before and after the calls puts every one
 * of them between two samples, even when the machine is busy, so the scenario
 * can require the "around the call" figures instead of hoping for them. */
static void wait_for_samples(void) {
    const struct timespec pause = {0, 60 * 1000 * 1000};
    nanosleep(&pause, NULL);
}

int main(void) {
    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "latency_calls");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    wait_for_samples();
    large_blocks();
    small_blocks();
    mappings();
    wait_for_samples();
    gt_u64(&gt, "malloc_calls", kLargeBlocks + kSmallPairs);
    gt_u64(&gt, "free_calls", kLargeBlocks + kSmallPairs);
    gt_u64(&gt, "large_mallocs", kLargeBlocks);
    gt_u64(&gt, "large_size", kLargeSize);
    gt_u64(&gt, "tiny_mallocs", kSmallPairs);
    gt_u64(&gt, "mmap_calls", kMappings);
    gt_u64(&gt, "munmap_calls", kMappings);
    gt_end(&gt);
    return 0;
}
