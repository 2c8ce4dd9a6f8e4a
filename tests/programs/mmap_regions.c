/* Anonymous mappings are their own class of memory, apart from the heap.
 *
 * "plain": whole and partial munmap (including one that starts at the
 * region's base but covers only part of it) and a file-backed mapping, which
 * is not anonymous memory and must not count.
 * "remap": mremap growing (may move) and shrinking in place. Only live bytes
 * are checked there, since whether mremap is one call or two is a
 * convention. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ground_truth.h"

static const size_t kMiB = (size_t)1 << 20;

static char* map_anonymous(size_t length) {
    void* p = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : (char*)p;
}

__attribute__((noinline)) static void plain_mappings(GroundTruth* gt) {
    char* a = map_anonymous(1 * kMiB);
    a[0] = 1;
    munmap(a, 1 * kMiB);

    char* b = map_anonymous(4 * kMiB);  // live: [0,4)
    b[0] = 1;
    munmap(b + 1 * kMiB, 1 * kMiB);  // live: [0,1) [2,4)
    munmap(b, 1 * kMiB);             // live: [2,4)
    munmap(b + 3 * kMiB, 1 * kMiB);  // live: [2,3)

    int fd = open("/proc/self/exe", O_RDONLY);
    if (fd >= 0) {
        void* f = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
        if (f != MAP_FAILED) munmap(f, 4096);
        close(fd);
    }

    char* volatile heap_block = malloc(100);
    heap_block[0] = 1;
    free(heap_block);

    gt_u64(gt, "mmap_calls", 2);
    gt_u64(gt, "mapped_bytes", 5 * kMiB);
    gt_u64(gt, "peak_mapped_bytes", 4 * kMiB);
    gt_u64(gt, "still_mapped_bytes", 1 * kMiB);
    gt_u64(gt, "peak_heap_bytes", 100);
    gt_u64(gt, "allocation_calls", 1);
}

__attribute__((noinline)) static void remapped_mappings(GroundTruth* gt) {
    char* kept = map_anonymous(1 * kMiB);
    kept[0] = 1;
    char* c = map_anonymous(2 * kMiB);
    c[0] = 1;
    char* d = mremap(c, 2 * kMiB, 6 * kMiB, MREMAP_MAYMOVE);  // live: 1 + 6
    if (d == MAP_FAILED) return;
    d[0] = 1;
    char* e = mremap(d, 6 * kMiB, 3 * kMiB, 0);  // live: 1 + 3
    (void)e;

    gt_u64(gt, "min_mmap_calls", 2);
    gt_u64(gt, "peak_mapped_bytes", 7 * kMiB);
    gt_u64(gt, "still_mapped_bytes", 4 * kMiB);
    gt_u64(gt, "peak_heap_bytes", 0);
    gt_u64(gt, "allocation_calls", 0);
}

int main(int argc, char** argv) {
    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "mmap_regions");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    if (argc > 1 && strcmp(argv[1], "remap") == 0) {
        gt_str(&gt, "mode", "remap");
        remapped_mappings(&gt);
    } else {
        gt_str(&gt, "mode", "plain");
        plain_mappings(&gt);
    }
    gt_end(&gt);
    return 0;
}
