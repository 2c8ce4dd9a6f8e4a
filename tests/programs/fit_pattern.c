/* A heap whose target figures have closed forms for any allocator model that
 * sizes a block as f(request) and places it by best fit:
 *   1. 64 blocks of kSmall bytes, then every other one freed: 32 holes of
 *      f(kSmall), each between two live blocks;
 *   2. 32 blocks of kLarge bytes: no hole holds one, so the arena grows to
 *      64 f(kSmall) + 32 f(kLarge), its most;
 *   3. 32 blocks of kSmall bytes fill the holes exactly: the requested heap
 *      and the footprint peak, 64 kSmall + 32 kLarge and 64 f(kSmall) +
 *      32 f(kLarge), with no hole left;
 *   4. everything freed, then one kHuge block twice over (freed between):
 *      a model that maps large blocks maps the first, raises its threshold
 *      when it is freed, and keeps the second in the arena.
 * On this machine's glibc, the footprint of phase 3 is also measured: each
 * block's malloc_usable_size plus its 8-byte header. */

#include <malloc.h>
#include <stdlib.h>

#include "ground_truth.h"

enum { kBlocks = 64, kSmall = 1000, kLarge = 9000, kHuge = 300000 };

static void* small_blocks[kBlocks];
static void* large_blocks[kBlocks / 2];
static int large_line;

__attribute__((noinline)) static void place_small_blocks(int first, int step) {
    for (int i = first; i < kBlocks; i += step) small_blocks[i] = malloc(kSmall);
}

__attribute__((noinline)) static void free_every_other(void) {
    for (int i = 0; i < kBlocks; i += 2) free(small_blocks[i]);
}

__attribute__((noinline)) static void place_large_blocks(void) {
    for (int i = 0; i < kBlocks / 2; ++i) large_blocks[i] = GT_AT_LINE(large_line, malloc(kLarge));
}

__attribute__((noinline)) static uint64_t glibc_footprint(void) {
    uint64_t bytes = 0;
    for (int i = 0; i < kBlocks; ++i) bytes += malloc_usable_size(small_blocks[i]) + 8;
    for (int i = 0; i < kBlocks / 2; ++i) bytes += malloc_usable_size(large_blocks[i]) + 8;
    return bytes;
}

__attribute__((noinline)) static void free_all(void) {
    for (int i = 0; i < kBlocks; ++i) free(small_blocks[i]);
    for (int i = 0; i < kBlocks / 2; ++i) free(large_blocks[i]);
}

__attribute__((noinline)) static void huge_block_twice(void) {
    for (int round = 0; round < 2; ++round) {
        char* volatile block = malloc(kHuge);
        block[0] = 1;
        free(block);
    }
}

int main(void) {
    place_small_blocks(0, 1);
    free_every_other();
    place_large_blocks();
    place_small_blocks(0, 2);
    const uint64_t footprint = glibc_footprint();
    free_all();
    huge_block_twice();

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "fit_pattern");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "blocks", kBlocks);
    gt_u64(&gt, "small", kSmall);
    gt_u64(&gt, "large", kLarge);
    gt_u64(&gt, "huge", kHuge);
    gt_u64(&gt, "large_line", (uint64_t)large_line);
    gt_u64(&gt, "glibc_footprint_at_peak", footprint);
    gt_u64(&gt, "allocation_calls", kBlocks + kBlocks / 2 + kBlocks / 2 + 2);
    gt_end(&gt);
    return 0;
}
