/* Many allocations over five sites of different size mixes, with known
 * per-site totals: the ground truth that sampled mode's estimates are checked
 * against (tests/integration/scenarios/sampled_estimates.py). Each site keeps
 * its last kRing blocks live and frees the older ones, so the sampled-block
 * set sees live blocks, frees of sampled blocks and (mostly) frees of blocks
 * that were never sampled. leak_blocks never frees. Sizes follow fixed
 * formulas (no randomness): every run allocates exactly the same. */
#include <stdlib.h>

#include "ground_truth.h"

enum { kRing = 64, kSites = 5 };

typedef struct {
    const char* name;
    uint64_t count;
    uint64_t base; /* size of allocation i: base + (i * stride) % span */
    uint64_t stride;
    uint64_t span;
    uint64_t bytes; /* filled in as the site runs */
} SiteMix;

static SiteMix sites[kSites] = {
    {"tiny", 500000, 16, 7, 49, 0},      {"small", 300000, 64, 13, 385, 0},
    {"medium", 100000, 512, 31, 513, 0}, {"large", 5000, 4096, 97, 4097, 0},
    {"leak", 500, 32768, 0, 1, 0},
};

void* volatile leaked[500]; /* visible to the end: a real leak */

static uint64_t size_of(const SiteMix* s, uint64_t i) {
    return s->base + (i * s->stride) % s->span;
}

/* One function per site, so each has its own stack. */
#define SITE_FUNCTION(fn, index)                       \
    __attribute__((noinline)) static void fn(void) {   \
        SiteMix* s = &sites[index];                    \
        void* ring[kRing] = {0};                       \
        for (uint64_t i = 0; i < s->count; ++i) {      \
            const uint64_t size = size_of(s, i);       \
            free(ring[i % kRing]);                     \
            ring[i % kRing] = malloc(size);            \
            s->bytes += size;                          \
        }                                              \
        for (int r = 0; r < kRing; ++r) free(ring[r]); \
    }

SITE_FUNCTION(site_tiny, 0)
SITE_FUNCTION(site_small, 1)
SITE_FUNCTION(site_medium, 2)
SITE_FUNCTION(site_large, 3)

__attribute__((noinline)) static void leak_blocks(void) {
    SiteMix* s = &sites[4];
    for (uint64_t i = 0; i < s->count; ++i) {
        leaked[i] = malloc(size_of(s, i));
        s->bytes += size_of(s, i);
    }
}

int main(void) {
    site_tiny();
    site_small();
    site_medium();
    site_large();
    leak_blocks();

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "sampled_sites");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    uint64_t calls = 0;
    uint64_t bytes = 0;
    char key[64];
    for (int i = 0; i < kSites; ++i) {
        const size_t n = strlen(sites[i].name);
        memcpy(key, sites[i].name, n);
        memcpy(key + n, "_count", 7);
        gt_u64(&gt, key, sites[i].count);
        memcpy(key + n, "_bytes", 7);
        gt_u64(&gt, key, sites[i].bytes);
        calls += sites[i].count;
        bytes += sites[i].bytes;
    }
    gt_u64(&gt, "allocation_calls", calls);
    gt_u64(&gt, "allocated_bytes", bytes);
    gt_u64(&gt, "leaked_bytes", sites[4].bytes);
    gt_u64(&gt, "leaked_blocks", sites[4].count);
    gt_end(&gt);
    return 0;
}
