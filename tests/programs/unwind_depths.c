/* Allocation stacks through frames of every common shape, for comparing the
 * unwinders (`memscope run --unwind fast` against `--unwind libunwind`).
 *
 * Each chain is a string of frame kinds, one function call per character:
 *   '0'  unoptimised, frame pointer kept
 *   '2'  optimised, frame pointer omitted (the CFA follows rsp)
 *   'f'  optimised, frame pointer kept
 *   'a'  optimised with a variable-sized frame (alloca: the CFA follows rbp)
 * Chain i allocates at its own line of allocate_for_chain(), so every chain
 * is its own allocation site with exactly one stack. Every chain runs three
 * times (the fast unwinder reuses its previous walk); the last one runs in a
 * second thread (its stack ends in the thread's start routine, not main). */
#include <alloca.h>
#include <pthread.h>
#include <stdlib.h>

#include "ground_truth.h"

#define KEEP(value) __asm__ volatile("" : : "r"(value) : "memory")

/* GCC compiles each kind as asked; clang has no per-function optimize
 * attribute, so there the kinds differ less. */
#if defined(__clang__)
#define OPTIMIZE(...)
#else
#define OPTIMIZE(...) optimize(__VA_ARGS__)
#endif

enum { kRounds = 3 };

static const char* const kChains[] = {
    "0",
    "2222222222",
    "ffffffffff",
    "aaaaa",
    "02fa02fa02fa",
    "2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f",
    "a2a2a2a2a20f",
    "20fa20fa",
    "20fa20fa",
};
enum { kChainCount = sizeof kChains / sizeof kChains[0] };

static void* descend(int chain, const char* kinds);

__attribute__((noinline)) static void* allocate_for_chain(int chain) {
    switch (chain) {
        case 0:
            return malloc(100);
        case 1:
            return malloc(101);
        case 2:
            return malloc(102);
        case 3:
            return malloc(103);
        case 4:
            return malloc(104);
        case 5:
            return malloc(105);
        case 6:
            return malloc(106);
        case 7:
            return malloc(107);
        default:
            return malloc(108);
    }
}

__attribute__((noinline, OPTIMIZE("O0", "no-omit-frame-pointer"))) static void* unoptimised(
    int chain, const char* kinds) {
    void* block = descend(chain, kinds + 1);
    KEEP(block);
    return block;
}

__attribute__((noinline, OPTIMIZE("O2", "omit-frame-pointer"))) static void* without_fp(
    int chain, const char* kinds) {
    volatile int pad[6] = {chain};
    void* block = descend(chain, kinds + 1);
    KEEP(block);
    return (char*)block + pad[0] * 0;
}

__attribute__((noinline, OPTIMIZE("O2", "no-omit-frame-pointer"))) static void* with_fp(
    int chain, const char* kinds) {
    void* block = descend(chain, kinds + 1);
    KEEP(block);
    return block;
}

__attribute__((noinline, OPTIMIZE("O2", "omit-frame-pointer"))) static void* with_alloca(
    int chain, const char* kinds) {
    volatile char* scratch = alloca((size_t)(16 + chain));
    scratch[0] = (char)chain;
    void* block = descend(chain, kinds + 1);
    KEEP(block);
    return (char*)block + scratch[0] * 0;
}

__attribute__((noinline)) static void* descend(int chain, const char* kinds) {
    switch (*kinds) {
        case '\0':
            return allocate_for_chain(chain);
        case '0':
            return unoptimised(chain, kinds);
        case '2':
            return without_fp(chain, kinds);
        case 'f':
            return with_fp(chain, kinds);
        default:
            return with_alloca(chain, kinds);
    }
}

static int run_chain(int chain) {
    int allocations = 0;
    for (int round = 0; round < kRounds; ++round) {
        void* block = descend(chain, kChains[chain]);
        if (block != NULL) ++allocations;
        free(block);
    }
    return allocations;
}

static void* thread_main(void* arg) {
    (void)arg;
    run_chain(kChainCount - 1);
    return NULL;
}

int main(void) {
    int allocations = 0;
    for (int chain = 0; chain < kChainCount - 1; ++chain) allocations += run_chain(chain);
    pthread_t thread;
    if (pthread_create(&thread, NULL, thread_main, NULL) != 0) return 1;
    pthread_join(thread, NULL);
    allocations += kRounds;

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "unwind_depths");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "chains", kChainCount);
    gt_u64(&gt, "rounds", kRounds);
    gt_u64(&gt, "chain_allocations", (uint64_t)allocations);
    gt_end(&gt);
    return 0;
}
