/* Phases, marks and pools through the annotation API, with the figures
 * `memscope phases` and `memscope pools` must report, counted here as the
 * program goes: the heap it holds at every phase boundary, what each phase
 * allocates, frees right away or leaves behind, and each pool's occupancy.
 *
 * The program allocates nothing before main and uses no stdio, so its own
 * count of live bytes is the whole process's heap. Run without the recorder
 * every call is a no-op and the program still prints the same figures. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include <memscope/memscope.h>

#include "ground_truth.h"

enum {
    kKeptBeforeBytes = 1000,
    kSetupTemporaries = 3,
    kSetupTemporaryBytes = 500,
    kSetupBlocks = 4,
    kSetupBlockBytes = 10000,
    kIterations = 3,
    kWorkBytes = 100000,
    kAssembleBytes = 5000,
    kResultBytes = 2000,
    kSnapshotBytes = 8000,
    kWorkerBytes = 7000,
    kOrdersCapacity = 4096,
    kOrderBytes = 64,
    kOrdersFirst = 40,
    kOrdersReturned = 20,
    kOrdersSecond = 50,
    kFrameSizes = 4,
    kDrainBlocks = 10,
    kDrainBlockBytes = 100,
};

static uint64_t live_bytes;
static GroundTruth gt;

static void* take(size_t n) {
    char* volatile p = malloc(n);
    p[0] = 1;
    live_bytes += n;
    return p;
}

static void give_back(void* p, size_t n) {
    free(p);
    live_bytes -= n;
}

/* The figures of one phase instance, as the JSON keys PREFIX_field. */
typedef struct {
    uint64_t heap_begin, heap_end, peak, allocated, calls, temporary, left_behind;
} PhaseTruth;

static void report_phase(const char* prefix, const PhaseTruth* t) {
    static const char* const kFields[] = {
        "heap_begin_bytes", "heap_end_bytes",        "peak_heap_bytes",  "allocated_bytes",
        "allocation_calls", "temporary_allocations", "left_behind_bytes"};
    const uint64_t values[] = {t->heap_begin, t->heap_end,  t->peak,       t->allocated,
                               t->calls,      t->temporary, t->left_behind};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; ++i) {
        char key[96];
        size_t n = strlen(prefix);
        memcpy(key, prefix, n);
        key[n++] = '.';
        const size_t f = strlen(kFields[i]);
        memcpy(key + n, kFields[i], f + 1);
        gt_u64(&gt, key, values[i]);
    }
}

__attribute__((noinline)) static void** setup_phase(PhaseTruth* t) {
    static void* blocks[kSetupBlocks];
    memscope_phase_begin("setup");
    t->heap_begin = live_bytes;
    for (int i = 0; i < kSetupTemporaries; ++i)
        give_back(take(kSetupTemporaryBytes), kSetupTemporaryBytes);
    for (int i = 0; i < kSetupBlocks; ++i) blocks[i] = take(kSetupBlockBytes);
    t->heap_end = t->peak = live_bytes;
    t->allocated = kSetupTemporaries * kSetupTemporaryBytes + kSetupBlocks * kSetupBlockBytes;
    t->calls = kSetupTemporaries + kSetupBlocks;
    t->temporary = kSetupTemporaries;
    t->left_behind = kSetupBlocks * kSetupBlockBytes;
    memscope_phase_end();
    return blocks;
}

/* Nested inside solve: one block freed right away (a temporary). */
__attribute__((noinline)) static void assemble_phase(PhaseTruth* t) {
    memscope_phase_begin("assemble");
    t->heap_begin = live_bytes;
    give_back(take(kAssembleBytes), kAssembleBytes);
    t->heap_end = live_bytes;
    t->peak = live_bytes + kAssembleBytes;
    t->allocated = kAssembleBytes;
    t->calls = 1;
    t->temporary = 1;
    t->left_behind = 0;
    memscope_phase_end();
}

/* The work buffer is freed after other allocations (not a temporary); the
 * result stays behind. Every iteration is the same, so one truth serves. */
__attribute__((noinline)) static void* solve_phase(PhaseTruth* t, PhaseTruth* inner) {
    memscope_phase_begin("solve");
    t->heap_begin = live_bytes;
    void* work = take(kWorkBytes);
    assemble_phase(inner);
    void* result = take(kResultBytes);
    give_back(work, kWorkBytes);
    memscope_mark("iteration");
    t->heap_end = live_bytes;
    t->peak = t->heap_begin + kWorkBytes + kAssembleBytes;
    t->allocated = kWorkBytes + kAssembleBytes + kResultBytes;
    t->calls = 3;
    t->temporary = 1;
    t->left_behind = kResultBytes;
    memscope_phase_end();
    return result;
}

/* Keeps a snapshot, then drops the setup blocks: the heap ends lower. */
__attribute__((noinline)) static void* checkpoint_phase(PhaseTruth* t, void** setup_blocks) {
    memscope_phase_begin("checkpoint");
    t->heap_begin = live_bytes;
    void* snapshot = take(kSnapshotBytes);
    t->peak = live_bytes;
    for (int i = 0; i < kSetupBlocks; ++i) give_back(setup_blocks[i], kSetupBlockBytes);
    t->heap_end = live_bytes;
    t->allocated = kSnapshotBytes;
    t->calls = 1;
    t->temporary = 0;
    t->left_behind = kSnapshotBytes;
    memscope_phase_end();
    return snapshot;
}

static void* worker(void* arg) {
    memscope_phase_begin("worker");
    *(void**)arg = take(kWorkerBytes);
    memscope_phase_end();
    return NULL;
}

/* 64-byte orders: 40 in, 20 back, 50 more -- the last 6 do not fit in 4 KiB.
 * A block is named by an address derived from the arena; the pool API never
 * dereferences it. */
static const void* order_block(const char* arena, int i) {
    return (const void*)((uintptr_t)arena + (uintptr_t)i * kOrderBytes);
}

__attribute__((noinline)) static void orders_pool(void) {
    static char arena[kOrdersCapacity];
    memscope_pool_create(arena, sizeof arena, "orders");
    uint64_t in_use = 0, high_water = 0, high_water_blocks = 0, blocks = 0, overflow = 0;
    for (int i = 0; i < kOrdersFirst + kOrdersSecond; ++i) {
        if (i == kOrdersFirst) {
            for (int j = 0; j < kOrdersReturned; ++j) {
                memscope_pool_free(arena, order_block(arena, j));
                in_use -= kOrderBytes;
                --blocks;
            }
        }
        memscope_pool_alloc(arena, order_block(arena, i), kOrderBytes);
        in_use += kOrderBytes;
        ++blocks;
        if (in_use > kOrdersCapacity) ++overflow;
        if (in_use > high_water) {
            high_water = in_use;
            high_water_blocks = blocks;
        }
    }
    memscope_pool_free(arena, arena + 1); /* never handed out */
    for (int i = kOrdersReturned; i < kOrdersFirst + kOrdersSecond; ++i)
        memscope_pool_free(arena, order_block(arena, i));
    memscope_pool_destroy(arena);
    gt_u64(&gt, "orders.capacity_bytes", kOrdersCapacity);
    gt_u64(&gt, "orders.high_water_bytes", high_water);
    gt_u64(&gt, "orders.high_water_blocks", high_water_blocks);
    gt_u64(&gt, "orders.allocations", kOrdersFirst + kOrdersSecond);
    gt_u64(&gt, "orders.frees", kOrdersFirst + kOrdersSecond);
    gt_u64(&gt, "orders.overflow_allocations", overflow);
    gt_u64(&gt, "orders.overflow_bytes", overflow * kOrderBytes);
    gt_u64(&gt, "orders.unknown_frees", 1);
}

/* Blocks of four sizes: at the high-water mark 1000 bytes sit in 4 blocks
 * whose largest is 400, so fixed 400-byte slots would waste 3/8. */
__attribute__((noinline)) static void frames_pool(void) {
    static char arena[2048];
    static const size_t sizes[kFrameSizes] = {100, 200, 300, 400};
    memscope_pool_create(arena, sizeof arena, "frames");
    size_t offset = 0;
    for (int i = 0; i < kFrameSizes; ++i) {
        memscope_pool_alloc(arena, arena + offset, sizes[i]);
        offset += sizes[i];
    }
    offset = 0;
    for (int i = 0; i < kFrameSizes; ++i) {
        memscope_pool_free(arena, arena + offset);
        offset += sizes[i];
    }
    memscope_pool_destroy(arena);
    gt_u64(&gt, "frames.high_water_bytes", 1000);
    gt_u64(&gt, "frames.fragmentation_permille", 375);
}

static void sleep_ms(long ms) {
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
}

/* Filled at once, then drained slowly: occupancy trends down. */
__attribute__((noinline)) static void draining_pool(void) {
    static char arena[kDrainBlocks * kDrainBlockBytes];
    memscope_pool_create(arena, sizeof arena, "draining");
    for (int i = 0; i < kDrainBlocks; ++i)
        memscope_pool_alloc(arena, arena + i * kDrainBlockBytes, kDrainBlockBytes);
    for (int i = 0; i < kDrainBlocks; ++i) {
        sleep_ms(2);
        memscope_pool_free(arena, arena + i * kDrainBlockBytes);
    }
    memscope_pool_destroy(arena);
}

/* Only grows, slowly, and is never destroyed: occupancy trends up toward a
 * capacity it has not reached. */
__attribute__((noinline)) static void growing_pool(void) {
    static char arena[100 * kDrainBlockBytes];
    memscope_pool_create(arena, sizeof arena, "growing");
    for (int i = 0; i < kDrainBlocks; ++i) {
        memscope_pool_alloc(arena, arena + i * kDrainBlockBytes, kDrainBlockBytes);
        sleep_ms(2);
    }
}

int main(void) {
    memscope_mark("start"); /* the one-time lookup, before anything is measured */
    void* kept_before = take(kKeptBeforeBytes);
    gt_begin(&gt);
    gt_str(&gt, "program", "annotations");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "recording", (uint64_t)memscope_recording());

    PhaseTruth setup, solve[kIterations], assemble[kIterations], checkpoint;
    void** setup_blocks = setup_phase(&setup);
    void* results[kIterations];
    for (int i = 0; i < kIterations; ++i) results[i] = solve_phase(&solve[i], &assemble[i]);
    void* snapshot = checkpoint_phase(&checkpoint, setup_blocks);

    void* worker_block = NULL;
    pthread_t thread;
    if (pthread_create(&thread, NULL, worker, &worker_block) != 0) return 1;
    pthread_join(thread, NULL);

    orders_pool();
    frames_pool();
    draining_pool();
    growing_pool();
    memscope_mark("done");

    report_phase("setup", &setup);
    char key[16] = "solve0";
    for (int i = 0; i < kIterations; ++i) {
        key[5] = (char)('0' + i);
        report_phase(key, &solve[i]);
    }
    memcpy(key, "assemble0", 10);
    for (int i = 0; i < kIterations; ++i) {
        key[8] = (char)('0' + i);
        report_phase(key, &assemble[i]);
    }
    report_phase("checkpoint", &checkpoint);
    gt_u64(&gt, "solve_instances", kIterations);
    gt_u64(&gt, "iteration_marks", kIterations);
    gt_u64(&gt, "worker.allocated_bytes", kWorkerBytes);
    gt_u64(&gt, "worker.left_behind_bytes", kWorkerBytes);
    gt_end(&gt);

    for (int i = 0; i < kIterations; ++i) free(results[i]);
    free(snapshot);
    free(kept_before);
    free(worker_block);
    return 0;
}
