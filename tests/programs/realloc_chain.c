/* realloc chains: realloc(NULL, n) is an allocation, realloc(p, 0) a free,
 * every other successful realloc frees the old block and allocates the new
 * one. Failed calls (malloc and realloc beyond PTRDIFF_MAX) count for
 * nothing and leave the old block live. */
#include <stdint.h>
#include <stdlib.h>

#include "ground_truth.h"

static const size_t kChain[] = {100, 200, 4000, 100000, 50};
enum { kChainLength = sizeof kChain / sizeof kChain[0] };
static const size_t kLeakFirst = 64;
static const size_t kLeakSecond = 128;
static const size_t kSurvivorSize = 1000;

static void* volatile leaked;
static volatile size_t impossible_size = SIZE_MAX / 2;
static int failed_calls;

__attribute__((noinline)) static void grow_and_shrink(void) {
    void* p = NULL;
    for (int i = 0; i < kChainLength; ++i) p = realloc(p, kChain[i]);
    p = realloc(p, 0);  // glibc frees the block and returns NULL
    if (p != NULL) free(p);
}

__attribute__((noinline)) static void leak_after_realloc(void) {
    void* p = realloc(NULL, kLeakFirst);
    leaked = realloc(p, kLeakSecond);
}

__attribute__((noinline)) static void fail_to_allocate(void) {
    if (malloc(impossible_size) == NULL) ++failed_calls;
    void* survivor = malloc(kSurvivorSize);
    void* grown = realloc(survivor, impossible_size);
    if (grown == NULL) {
        ++failed_calls;
        grown = survivor;  // a failed realloc leaves the old block live
    }
    free(grown);
}

int main(void) {
    grow_and_shrink();
    leak_after_realloc();
    fail_to_allocate();

    uint64_t chain_bytes = 0;
    uint64_t chain_peak = 0;
    for (int i = 0; i < kChainLength; ++i) {
        chain_bytes += kChain[i];
        if (kChain[i] > chain_peak) chain_peak = kChain[i];
    }

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "realloc_chain");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "allocation_calls", kChainLength + 2 + 1);
    gt_u64(&gt, "allocated_bytes", chain_bytes + kLeakFirst + kLeakSecond + kSurvivorSize);
    gt_u64(&gt, "chain_allocations", kChainLength);
    gt_u64(&gt, "chain_bytes", chain_bytes);
    gt_u64(&gt, "peak_heap_bytes", chain_peak);
    gt_u64(&gt, "leaked_bytes", kLeakSecond);
    gt_u64(&gt, "leaked_blocks", 1);
    gt_u64(&gt, "failed_calls", (uint64_t)failed_calls);
    gt_u64(&gt, "survivor_bytes", kSurvivorSize);
    gt_end(&gt);
    return 0;
}
