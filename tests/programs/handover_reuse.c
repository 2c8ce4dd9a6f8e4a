/* Hand-overs faster than the trace's time unit (1.024 us with compact
 * timing). Each round the owner thread frees a block of its own, allocates
 * again (the allocator's per-thread cache gives back the address it just
 * freed) and hands the new block to a consumer that spins for it and frees
 * it at once. The owner's free, its allocation and the consumer's free of
 * one address often share a time unit, where the times cannot order the two
 * threads: a replay that pairs the consumer's free with the owner's old
 * block shows unknown frees and phantom leaks.
 *
 * The owner keeps its last block (one leak). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "ground_truth.h"

enum { kRounds = 20000, kBlockSize = 48, kSpinsBeforeYield = 1 << 12 };

static _Atomic(uintptr_t) slot;  // block in transit, 0 = empty
static int reused_addresses;
static int hand_line;
static int keep_line;

static void wait_while(uintptr_t (*load)(void), int until_empty) {
    for (int spins = 0;; ++spins) {
        const uintptr_t v = load();
        if (until_empty ? v == 0 : v != 0) return;
        if (spins >= kSpinsBeforeYield) sched_yield();
    }
}

static uintptr_t load_slot(void) {
    return atomic_load_explicit(&slot, memory_order_acquire);
}

__attribute__((noinline)) static void* hand_block(void) {
    return GT_AT_LINE(hand_line, malloc(kBlockSize));
}

__attribute__((noinline)) static void* keep_block(void) {
    return GT_AT_LINE(keep_line, malloc(kBlockSize));
}

static void* consumer_main(void* unused) {
    (void)unused;
    for (int i = 0; i < kRounds; ++i) {
        wait_while(load_slot, 0);
        free((void*)load_slot());
        atomic_store_explicit(&slot, 0, memory_order_release);
    }
    return NULL;
}

int main(void) {
    pthread_t consumer;
    pthread_create(&consumer, NULL, consumer_main, NULL);
    void* own = keep_block();
    for (int i = 0; i < kRounds; ++i) {
        free(own);
        void* block = hand_block();
        if (block == own) ++reused_addresses;
        atomic_store_explicit(&slot, (uintptr_t)block, memory_order_release);
        own = keep_block();
        wait_while(load_slot, 1);
    }
    pthread_join(consumer, NULL);

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "handover_reuse");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "rounds", kRounds);
    gt_u64(&gt, "block_size", kBlockSize);
    gt_u64(&gt, "hand_line", (uint64_t)hand_line);
    gt_u64(&gt, "keep_line", (uint64_t)keep_line);
    gt_u64(&gt, "reused_addresses", (uint64_t)reused_addresses);
    gt_end(&gt);
    return 0;
}
