/* 32 threads allocate at once; every call must reach the trace (zero lost
 * events). Sizes vary deterministically; every 100th block is kept (leaked). */
#include <pthread.h>
#include <stdlib.h>

#include "ground_truth.h"

enum { kThreads = 32, kIterations = 20000, kKeepEvery = 100 };

static pthread_barrier_t start_line;
static void* kept[kThreads][kIterations / kKeepEvery];

static size_t block_size(int iteration) {
    return 16 + (size_t)(iteration * 37 % 1000);
}

__attribute__((noinline)) static void* stress_allocate(size_t size) {
    return malloc(size);
}

static void* worker_main(void* arg) {
    const int index = (int)(intptr_t)arg;
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < kIterations; ++i) {
        char* p = stress_allocate(block_size(i));
        p[0] = (char)i;
        if (i % kKeepEvery == kKeepEvery - 1) {
            kept[index][i / kKeepEvery] = p;
        } else {
            free(p);
        }
    }
    return NULL;
}

int main(void) {
    pthread_barrier_init(&start_line, NULL, kThreads);
    pthread_t threads[kThreads];
    for (int t = 0; t < kThreads; ++t) {
        pthread_create(&threads[t], NULL, worker_main, (void*)(intptr_t)t);
    }
    for (int t = 0; t < kThreads; ++t) pthread_join(threads[t], NULL);

    uint64_t bytes_per_thread = 0;
    uint64_t kept_bytes_per_thread = 0;
    for (int i = 0; i < kIterations; ++i) {
        bytes_per_thread += block_size(i);
        if (i % kKeepEvery == kKeepEvery - 1) kept_bytes_per_thread += block_size(i);
    }

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "stress_threads");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "threads", kThreads + 1);
    gt_u64(&gt, "stress_allocations", (uint64_t)kThreads * kIterations);
    gt_u64(&gt, "stress_bytes", kThreads * bytes_per_thread);
    gt_u64(&gt, "stress_temporary", (uint64_t)kThreads * (kIterations - kIterations / kKeepEvery));
    gt_u64(&gt, "leaked_blocks", (uint64_t)kThreads * (kIterations / kKeepEvery));
    gt_u64(&gt, "leaked_bytes", kThreads * kept_bytes_per_thread);
    gt_end(&gt);
    return 0;
}
