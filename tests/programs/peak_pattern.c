/* Known peak: a 4 KiB baseline lives throughout; one 10 MiB block comes and
 * goes; then three 10 MiB blocks live together. Peak = 30 MiB + 4 KiB, held
 * by hold_three_blocks. Sleeps bracket the peak so its timestamp can be
 * bounded from both sides. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ground_truth.h"

enum { kBaselineSize = 4096, kBlockCount = 3 };
static const size_t kBlockSize = (size_t)10 << 20;
static const long kPauseMs = 200;

static void* baseline;
static void* held[kBlockCount];
static int hold_line;

__attribute__((noinline)) static void pause_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

__attribute__((noinline)) static void make_baseline(void) {
    baseline = malloc(kBaselineSize);
}

__attribute__((noinline)) static void use_one_block(void) {
    char* block = malloc(kBlockSize);
    memset(block, 1, kBlockSize);
    free(block);
}

__attribute__((noinline)) static void hold_three_blocks(void) {
    for (int i = 0; i < kBlockCount; ++i) {
        held[i] = GT_AT_LINE(hold_line, malloc(kBlockSize));
        memset(held[i], 1, kBlockSize);  // resident, so peak RSS has a known lower bound
    }
}

__attribute__((noinline)) static void release_three_blocks(void) {
    for (int i = 0; i < kBlockCount; ++i) free(held[i]);
}

int main(void) {
    make_baseline();
    use_one_block();
    pause_ms(kPauseMs);
    hold_three_blocks();
    pause_ms(kPauseMs);
    release_three_blocks();
    free(baseline);

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "peak_pattern");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "allocation_calls", 2 + kBlockCount);
    gt_u64(&gt, "allocated_bytes", kBaselineSize + (uint64_t)(1 + kBlockCount) * kBlockSize);
    gt_u64(&gt, "peak_heap_bytes", kBaselineSize + (uint64_t)kBlockCount * kBlockSize);
    gt_u64(&gt, "held_bytes", (uint64_t)kBlockCount * kBlockSize);
    gt_u64(&gt, "held_blocks", kBlockCount);
    gt_u64(&gt, "hold_line", (uint64_t)hold_line);
    gt_u64(&gt, "pause_ns", (uint64_t)kPauseMs * 1000000u);
    gt_u64(&gt, "leaked_bytes", 0);
    gt_u64(&gt, "min_peak_rss_bytes", (uint64_t)kBlockCount * kBlockSize);
    gt_end(&gt);
    return 0;
}
