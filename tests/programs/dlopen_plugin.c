/* Loads gt_plugin (path in argv[1]), allocates through it, keeps one of its
 * blocks and unloads it: the leaked block's stack points into a module that
 * is gone by the end of the trace. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "ground_truth.h"

enum { kBufferCount = 3, kBufferSize = 777 };

typedef void* (*MakeBuffer)(size_t);
typedef int (*AllocationLine)(void);

static void* volatile kept_buffer;

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    void* plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (plugin == NULL) return 3;
    // ISO C has no object-to-function pointer conversion; POSIX guarantees the
    // representation is the same, so copy the bytes.
    MakeBuffer make_buffer = NULL;
    AllocationLine allocation_line = NULL;
    void* symbol = dlsym(plugin, "plugin_make_buffer");
    memcpy(&make_buffer, &symbol, sizeof symbol);
    symbol = dlsym(plugin, "plugin_allocation_line");
    memcpy(&allocation_line, &symbol, sizeof symbol);
    if (make_buffer == NULL || allocation_line == NULL) return 4;

    void* buffers[kBufferCount];
    for (int i = 0; i < kBufferCount; ++i) buffers[i] = make_buffer(kBufferSize);
    const int line = allocation_line();
    for (int i = 1; i < kBufferCount; ++i) free(buffers[i]);
    kept_buffer = buffers[0];
    dlclose(plugin);

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "dlopen_plugin");
    gt_u64(&gt, "pid", (uint64_t)getpid());
    gt_str(&gt, "function", "plugin_make_buffer");
    gt_str(&gt, "file", "gt_plugin.c");
    gt_str(&gt, "module", "libgt_plugin.so");
    gt_u64(&gt, "line", (uint64_t)line);
    gt_u64(&gt, "allocations", kBufferCount);
    gt_u64(&gt, "allocated_bytes", (uint64_t)kBufferCount * kBufferSize);
    gt_u64(&gt, "leaked_bytes", kBufferSize);
    gt_u64(&gt, "leaked_blocks", 1);
    gt_end(&gt);
    return 0;
}
