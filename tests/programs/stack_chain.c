/* Known stack paths for the worst-case stack analysis (`memscope fit
 * --callgraph`), built with gcc -fcallgraph-info=su:
 *   run_deep -> deep_a -> deep_b    the deepest path from run_deep, no
 *                                   library calls: an exact figure;
 *   run_deep -> shallow             a shorter branch the analysis must not take;
 *   walk_list                       recursive: unbounded;
 *   call_through_pointer            calls through a pointer: a lower bound.
 * deep_b measures how far below run_deep's local the stack really went, so
 * the test can hold the static figure against the run. */

#include <stdint.h>
#include <stdlib.h>

#include "ground_truth.h"

static uintptr_t entry_local;
static uint64_t measured_depth;

__attribute__((noinline)) static int deep_b(int n) {
    volatile char buffer[6000];
    buffer[n % 6000] = (char)n;
    measured_depth = (uint64_t)(entry_local - (uintptr_t)&buffer[0]);
    return buffer[n % 6000];
}

__attribute__((noinline)) static int deep_a(int n) {
    volatile char buffer[3000];
    buffer[n % 3000] = (char)n;
    return deep_b(n + buffer[n % 3000]) + 1;
}

__attribute__((noinline)) static int shallow(int n) {
    volatile char buffer[500];
    buffer[n % 500] = (char)n;
    return buffer[n % 500];
}

__attribute__((noinline)) int run_deep(int n) {
    volatile char local = (char)n;
    entry_local = (uintptr_t)&local;
    return deep_a(n) + shallow(n) + local;
}

struct node {
    struct node* next;
    int value;
};

__attribute__((noinline)) int walk_list(const struct node* list) {
    return list == NULL ? 0 : list->value + walk_list(list->next);
}

int (*volatile chosen_function)(int) = shallow;

__attribute__((noinline)) int call_through_pointer(int n) {
    return chosen_function(n);
}

int main(void) {
    struct node second = {NULL, 2};
    struct node first = {&second, 1};
    const int sum = run_deep(1) + walk_list(&first) + call_through_pointer(3);

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "stack_chain");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "measured_depth", measured_depth);
    gt_u64(&gt, "sum", (uint64_t)sum);
    gt_end(&gt);
    return 0;
}
