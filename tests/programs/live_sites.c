/* Two allocation sites with known live figures for the live view and stream
 * tests: hold_big_block keeps one 3 MiB block, hold_small_blocks 1024 blocks
 * of 1 KiB (1 MiB). So by live bytes the big block's site leads; by
 * allocations the small blocks' site does.
 *
 * With an argument (a path), the program keeps its blocks until that file
 * exists, so a test can look at the live view as long as it needs; then it
 * frees everything. It makes no other allocation: its output goes through
 * write(2) from a stack buffer, never stdio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BIG_BYTES (3u * 1024u * 1024u)
#define SMALL_COUNT 1024
#define SMALL_BYTES 1024u

static void* small_blocks[SMALL_COUNT];

__attribute__((noinline)) static void* hold_big_block(void) {
    void* p = malloc(BIG_BYTES);
    if (p != NULL) memset(p, 1, BIG_BYTES);
    return p;
}

__attribute__((noinline)) static void hold_small_blocks(void) {
    for (int i = 0; i < SMALL_COUNT; ++i) {
        small_blocks[i] = malloc(SMALL_BYTES);
        if (small_blocks[i] != NULL) memset(small_blocks[i], 2, SMALL_BYTES);
    }
}

static void wait_for_file(const char* path) {
    const struct timespec pause = {0, 10 * 1000 * 1000};
    /* At most ten minutes, so a test that dies cannot leave it behind for long. */
    for (int i = 0; i < 60000 && access(path, F_OK) != 0; ++i) nanosleep(&pause, NULL);
}

int main(int argc, char** argv) {
    void* big = hold_big_block();
    hold_small_blocks();
    if (argc > 1) wait_for_file(argv[1]);
    free(big);
    for (int i = 0; i < SMALL_COUNT; ++i) free(small_blocks[i]);
    char line[256];
    const int n = snprintf(line, sizeof(line),
                           "{\"program\": \"live_sites\", \"pid\": %d, \"big_bytes\": %u, "
                           "\"small_count\": %d, \"small_bytes\": %u}\n",
                           (int)getpid(), BIG_BYTES, SMALL_COUNT, SMALL_BYTES);
    if (n > 0 && write(STDOUT_FILENO, line, (size_t)n) < 0) return 1;
    return 0;
}
