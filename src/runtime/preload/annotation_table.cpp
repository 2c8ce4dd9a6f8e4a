// The annotation API's entry points (include/memscope/memscope.h): the table
// the header finds with dlsym once the library is preloaded. Each entry runs
// inside a RecorderScope, so what it does (attaching the thread, a first
// unwind) is the recorder's and not recorded; an annotation made while the
// thread is already inside the recorder (a signal handler interrupting a hook)
// is dropped rather than interleaved with the hook's half-written record.
#include <memscope/memscope.h>

#include <errno.h>

#include "runtime/annotations/annotation_recording.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/preload/stack_capture.h"

namespace {

using memscope::runtime::RecorderScope;

// errno is the program's: an annotation between a failing call and the
// program's look at errno must not change it.
class ErrnoKeeper {
  public:
    ErrnoKeeper() : saved_(errno) {}
    ~ErrnoKeeper() { errno = saved_; }
    ErrnoKeeper(const ErrnoKeeper&) = delete;
    ErrnoKeeper& operator=(const ErrnoKeeper&) = delete;

  private:
    int saved_;
};

void phase_begin(const char* name) {
    RecorderScope scope;
    if (!scope.entered()) return;
    ErrnoKeeper keep;
    memscope::runtime::record_phase_begin(name);
}

void phase_end() {
    RecorderScope scope;
    if (!scope.entered()) return;
    ErrnoKeeper keep;
    memscope::runtime::record_phase_end();
}

void mark(const char* label) {
    RecorderScope scope;
    if (!scope.entered()) return;
    ErrnoKeeper keep;
    memscope::runtime::record_mark(label);
}

void pool_create(const void* pool, size_t capacity, const char* name) {
    RecorderScope scope;
    if (!scope.entered()) return;
    ErrnoKeeper keep;
    memscope::runtime::record_pool_create(pool, capacity, name);
}

void pool_alloc(const void* pool, const void* ptr, size_t size) {
    RecorderScope scope;
    if (!scope.entered() || !memscope::runtime::recorder_active()) return;
    ErrnoKeeper keep;
    memscope::preload::CapturedStack stack;
    memscope::preload::capture_stack(stack);
    memscope::runtime::record_pool_alloc(pool, ptr, size, stack.view());
}

void pool_free(const void* pool, const void* ptr) {
    RecorderScope scope;
    if (!scope.entered()) return;
    ErrnoKeeper keep;
    memscope::runtime::record_pool_free(pool, ptr);
}

void pool_destroy(const void* pool) {
    RecorderScope scope;
    if (!scope.entered()) return;
    ErrnoKeeper keep;
    memscope::runtime::record_pool_destroy(pool);
}

}  // namespace

// Exported (the library hides everything else) and constant-initialized: the
// header may look it up before the library's constructor ran.
extern "C" __attribute__((visibility("default")))
const memscope_annotation_table_v1 memscope_annotation_table_v1 = {
    MEMSCOPE_ANNOTATION_TABLE_VERSION,
    sizeof(memscope_annotation_table_v1),
    phase_begin,
    phase_end,
    mark,
    pool_create,
    pool_alloc,
    pool_free,
    pool_destroy,
};
