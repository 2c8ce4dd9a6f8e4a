/* Producer/consumer: the producer thread allocates, the consumer thread frees
 * (cross-thread frees) or keeps the block forever (cross-thread leaks).
 *
 * One malloc arena and blocks above the tcache limit make the producer's
 * next block come back at the address the consumer just freed, so the trace
 * must order "free in thread B" before "alloc at the same address in thread
 * A" to replay correctly. The program counts how often that happened. */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "ground_truth.h"

enum { kHandovers = 2000, kBlockSize = 4000, kKeepEvery = 10 };

static _Atomic(uintptr_t) slot;        // block in transit, 0 = empty
static _Atomic(uintptr_t) last_freed;  // consumer's most recent free
static void* kept[kHandovers / kKeepEvery];
static int reused_addresses;
static int produce_line;

__attribute__((noinline)) static void* produce_block(void) {
    return GT_AT_LINE(produce_line, malloc(kBlockSize));
}

static void* producer_main(void* unused) {
    (void)unused;
    for (int i = 0; i < kHandovers; ++i) {
        void* block = produce_block();
        if ((uintptr_t)block == atomic_load(&last_freed)) ++reused_addresses;
        atomic_store(&slot, (uintptr_t)block);
        while (atomic_load(&slot) != 0) sched_yield();
    }
    return NULL;
}

__attribute__((noinline)) static void consume_block(int index, void* block) {
    if (index % kKeepEvery == kKeepEvery - 1) {
        kept[index / kKeepEvery] = block;
    } else {
        atomic_store(&last_freed, (uintptr_t)block);
        free(block);
    }
}

static void* consumer_main(void* unused) {
    (void)unused;
    for (int i = 0; i < kHandovers; ++i) {
        uintptr_t block;
        while ((block = atomic_load(&slot)) == 0) sched_yield();
        consume_block(i, (void*)block);
        atomic_store(&slot, 0);
    }
    return NULL;
}

int main(void) {
    mallopt(M_ARENA_MAX, 1);
    pthread_t producer;
    pthread_t consumer;
    pthread_create(&consumer, NULL, consumer_main, NULL);
    pthread_create(&producer, NULL, producer_main, NULL);
    pthread_join(producer, NULL);
    pthread_join(consumer, NULL);

    const uint64_t kept_count = kHandovers / kKeepEvery;
    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "threads_handover");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "produced_blocks", kHandovers);
    gt_u64(&gt, "produced_bytes", (uint64_t)kHandovers * kBlockSize);
    gt_u64(&gt, "produce_line", (uint64_t)produce_line);
    gt_u64(&gt, "freed_by_consumer", kHandovers - kept_count);
    gt_u64(&gt, "leaked_blocks", kept_count);
    gt_u64(&gt, "leaked_bytes", kept_count * kBlockSize);
    gt_u64(&gt, "reused_addresses", (uint64_t)reused_addresses);
    gt_u64(&gt, "threads", 3);
    gt_end(&gt);
    return 0;
}
