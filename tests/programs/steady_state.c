/* A steady state of any length: a fixed working set of blocks replaced one
 * by one from a few call sites, so the live heap and the set of stacks stay
 * the same however long it runs. The analyzer's memory must not grow with N.
 *
 * Usage: gt_steady_state N   (N replacements) */
#include <stdio.h>
#include <stdlib.h>

enum { kSlots = 1024 };

static void* slots[kSlots];

__attribute__((noinline)) static void* small_block(unsigned r) {
    return malloc(16 + (r % 8) * 16);
}

__attribute__((noinline)) static void* medium_block(unsigned r) {
    return malloc(512 + (r % 4) * 256);
}

__attribute__((noinline)) static void* zeroed_block(unsigned r) {
    return calloc(1, 64 + (r % 4) * 32);
}

int main(int argc, char** argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000;
    unsigned r = 12345;
    for (long i = 0; i < n; ++i) {
        r = r * 1103515245u + 12345u;
        const unsigned slot = (r >> 8) % kSlots;
        free(slots[slot]);
        switch ((r >> 20) % 3) {
            case 0:
                slots[slot] = small_block(r >> 4);
                break;
            case 1:
                slots[slot] = medium_block(r >> 4);
                break;
            default:
                slots[slot] = zeroed_block(r >> 4);
                break;
        }
    }
    for (unsigned i = 0; i < kSlots; ++i) free(slots[i]);
    printf("{\"replacements\": %ld}\n", n);
    return 0;
}
