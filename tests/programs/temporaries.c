/* Temporary allocations: a block freed by the same thread before that thread
 * makes any other allocation call.
 *
 * Only unambiguous shapes are used: a block freed right after its own
 * allocation (temporary), and a block with another allocation between its
 * allocation and its free (not temporary). */
#include <stdlib.h>

#include "ground_truth.h"

enum { kLoneCount = 500, kPairCount = 200, kKeptCount = 50 };

static void* kept[kKeptCount];

__attribute__((noinline)) static void make_lone_temporaries(void) {
    for (int i = 0; i < kLoneCount; ++i) {
        char* volatile p = malloc(32 + (size_t)i);
        p[0] = 1;
        free(p);
    }
}

/* The inner block is temporary; the outer one is not. */
__attribute__((noinline)) static void make_nested_pairs(void) {
    for (int i = 0; i < kPairCount; ++i) {
        char* volatile outer = malloc(64);
        char* volatile inner = malloc(128);
        inner[0] = outer[0] = 1;
        free(inner);
        free(outer);
    }
}

/* Kept blocks are freed after later allocations: never temporary. */
__attribute__((noinline)) static void make_kept_blocks(void) {
    for (int i = 0; i < kKeptCount; ++i) kept[i] = malloc(256);
}

__attribute__((noinline)) static void free_kept_blocks(void) {
    for (int i = 0; i < kKeptCount; ++i) free(kept[i]);
}

int main(void) {
    make_kept_blocks();
    make_lone_temporaries();
    make_nested_pairs();
    free_kept_blocks();

    uint64_t lone_bytes = 0;
    for (int i = 0; i < kLoneCount; ++i) lone_bytes += 32 + (uint64_t)i;

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "temporaries");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "allocation_calls", kLoneCount + 2 * kPairCount + kKeptCount);
    gt_u64(&gt, "allocated_bytes",
           lone_bytes + (uint64_t)kPairCount * (64 + 128) + kKeptCount * 256);
    gt_u64(&gt, "temporary_allocations", kLoneCount + kPairCount);
    gt_u64(&gt, "lone_temporaries", kLoneCount);
    gt_u64(&gt, "pair_temporaries", kPairCount);
    gt_u64(&gt, "pair_allocations", 2 * kPairCount);
    gt_u64(&gt, "kept_temporaries", 0);
    gt_u64(&gt, "leaked_bytes", 0);
    gt_end(&gt);
    return 0;
}
