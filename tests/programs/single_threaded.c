/* A single-threaded program that locks a mutex around each allocation, as
 * sqlite does, and looks at glibc's __libc_single_threaded: natively it stays
 * 1 until the program creates a thread. The recorder's writer thread must not
 * change what the program sees (nor make its mutexes and malloc take locked
 * instructions): the flag is reported while the program is alone, after a
 * pause long enough for the writer to wake several times, and after the
 * program's own thread. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/single_threaded.h>
#include <time.h>

#include "ground_truth.h"

enum { kLockedBlocks = 3000, kThreadBlocks = 700 };

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void make_locked_blocks(void) {
    for (int i = 0; i < kLockedBlocks; ++i) {
        pthread_mutex_lock(&g_lock);
        char* volatile p = malloc(24 + (size_t)(i % 40));
        p[0] = 1;
        free(p);
        pthread_mutex_unlock(&g_lock);
    }
}

__attribute__((noinline)) static void* make_thread_blocks(void* arg) {
    (void)arg;
    for (int i = 0; i < kThreadBlocks; ++i) {
        char* volatile p = malloc(48);
        p[0] = 1;
        free(p);
    }
    return NULL;
}

static void pause_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

int main(void) {
    make_locked_blocks();
    const uint64_t alone = __libc_single_threaded;
    /* The writer flushes every 200 ms and samples RSS every 10 ms. */
    pause_ms(450);
    make_locked_blocks();
    const uint64_t after_pause = __libc_single_threaded;

    pthread_t thread;
    const int created = pthread_create(&thread, NULL, make_thread_blocks, NULL) == 0;
    if (created) pthread_join(thread, NULL);
    const uint64_t after_thread = __libc_single_threaded;

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "single_threaded");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_u64(&gt, "single_threaded_alone", alone);
    gt_u64(&gt, "single_threaded_after_pause", after_pause);
    gt_u64(&gt, "single_threaded_after_thread", after_thread);
    gt_u64(&gt, "thread_created", (uint64_t)created);
    gt_u64(&gt, "locked_blocks", 2 * kLockedBlocks);
    gt_u64(&gt, "thread_blocks", created ? kThreadBlocks : 0);
    gt_end(&gt);
    return 0;
}
