/* Preloaded next to the recorder by bench/thread_cpu_ab.sh: at exit, appends
 * the exiting thread's CPU time (CLOCK_THREAD_CPUTIME_ID, seconds) to the
 * file named by THREAD_CPU_OUT. For a single-threaded program such as
 * sqlite3 that is the program's own CPU time, without the recorder's writer
 * thread, which on a shared 2-CPU machine is a steadier measure of the hooks'
 * cost than the wall time. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__attribute__((destructor)) static void report_thread_cpu(void) {
    const char* path = getenv("THREAD_CPU_OUT");
    struct timespec ts;
    if (path == NULL || clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return;
    FILE* f = fopen(path, "a");
    if (f == NULL) return;
    fprintf(f, "%.4f\n", (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
    fclose(f);
}
