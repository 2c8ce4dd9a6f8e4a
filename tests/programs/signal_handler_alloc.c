/* A timer signal whose handler allocates and frees, while the main thread
 * loops on mmap/munmap (which the recorder also hooks) and plain arithmetic.
 * The program must finish, and every allocation the handler made must be
 * in the trace.
 *
 * The main thread never calls malloc while the timer runs: glibc's malloc is
 * not async-signal-safe, so only the recorder's own re-entrancy is tested. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>

#include "ground_truth.h"

enum { kHandlerRunsWanted = 500, kHandlerBlockSize = 48, kMappingSize = 64 * 1024 };
static const long kTimerIntervalUs = 200;

static volatile sig_atomic_t handler_runs;
static volatile uint64_t arithmetic_sink;

__attribute__((noinline)) static void handler_allocate(void) {
    char* volatile p = malloc(kHandlerBlockSize);
    if (p != NULL) p[0] = 1;
    free(p);
}

static void on_timer(int signo) {
    (void)signo;
    handler_allocate();
    handler_runs = handler_runs + 1;
}

__attribute__((noinline)) static void map_and_unmap(void) {
    char* p = mmap(NULL, kMappingSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    p[0] = 1;
    munmap(p, kMappingSize);
}

__attribute__((noinline)) static void compute(void) {
    uint64_t x = arithmetic_sink;
    for (int i = 0; i < 1000; ++i) x = x * 6364136223846793005u + 1442695040888963407u;
    arithmetic_sink = x;
}

int main(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_timer;
    action.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &action, NULL);

    const struct itimerval timer = {{0, kTimerIntervalUs}, {0, kTimerIntervalUs}};
    setitimer(ITIMER_REAL, &timer, NULL);
    uint64_t mappings = 0;
    while (handler_runs < kHandlerRunsWanted) {
        map_and_unmap();
        ++mappings;
        compute();
    }

    // Block first so no signal queued before the disarm runs after the count is read.
    sigset_t alarm_only;
    sigemptyset(&alarm_only);
    sigaddset(&alarm_only, SIGALRM);
    sigprocmask(SIG_BLOCK, &alarm_only, NULL);
    const struct itimerval disarmed = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &disarmed, NULL);
    const uint64_t runs = (uint64_t)handler_runs;

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "signal_handler_alloc");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "handler_allocations", runs);
    gt_u64(&gt, "handler_bytes", runs * kHandlerBlockSize);
    gt_u64(&gt, "allocation_calls", runs);
    gt_u64(&gt, "temporary_allocations", runs);
    gt_u64(&gt, "mmap_calls", mappings);
    gt_u64(&gt, "mapping_size", kMappingSize);
    gt_u64(&gt, "leaked_bytes", 0);
    gt_end(&gt);
    return 0;
}
