/* A library the test program dlopens: its allocations must be symbolized to
 * this file's function and line, even after the program has dlclosed it. */
#include <stdlib.h>

#include "ground_truth.h"

static int allocation_line;

__attribute__((noinline)) void* plugin_make_buffer(size_t size) {
    return GT_AT_LINE(allocation_line, malloc(size));
}

int plugin_allocation_line(void) {
    return allocation_line;
}
