/* A worker thread's allocations come from a thread arena of glibc's (a heap
 * of its own, not the main heap's break). Allocating many blocks below the
 * mmap threshold makes malloc grow that heap; freeing them all, newest first,
 * merges them into the heap's top until it passes M_TRIM_THRESHOLD, and free
 * gives the top back to the kernel (madvise). The latency report must see
 * both, and charge them to this thread's malloc and free.
 *
 * The program knows the bytes it allocated; glibc adds headers and a top pad,
 * so the scenario checks the heap's movements against bounds around them. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>

#include "ground_truth.h"

enum { kArenaBlocks = 40 };
static const size_t kBlockSize = 64 * 1024;  // below glibc's 128 KiB mmap threshold

static void* worker_main(void* unused) {
    (void)unused;
    char* blocks[kArenaBlocks];
    for (int i = 0; i < kArenaBlocks; ++i) {
        blocks[i] = malloc(kBlockSize);
        blocks[i][0] = (char)i;
    }
    for (int i = kArenaBlocks - 1; i >= 0; --i) free(blocks[i]);
    return NULL;
}

int main(void) {
    pthread_t worker;
    pthread_create(&worker, NULL, worker_main, NULL);
    pthread_join(worker, NULL);

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "arena_trim");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "arena_blocks", kArenaBlocks);
    gt_u64(&gt, "block_size", kBlockSize);
    gt_u64(&gt, "arena_bytes", (uint64_t)kArenaBlocks * kBlockSize);
    gt_end(&gt);
    return 0;
}
