// Hooks around the dynamic loader and thread naming. dlopen is deliberately
// not wrapped (see runtime/core/module_map.h); dlclose is, so that unloads are
// reported as soon as they happen.
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>

#include "runtime/core/event_recording.h"
#include "runtime/core/recorder.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/preload/hook_export.h"
#include "runtime/preload/real_functions.h"
#include "runtime/preload/stack_capture.h"

using memscope::preload::g_real;
using memscope::preload::real_functions_ready;
using memscope::runtime::recorder_active;
using memscope::runtime::RecorderScope;

MEMSCOPE_HOOK int dlclose(void* handle) noexcept {
    if (!real_functions_ready() || g_real.dlclose == nullptr) return -1;
    // Outside the guard: the library's destructors free memory we must see.
    const int rc = g_real.dlclose(handle);
    const int saved = errno;
    memscope::preload::forget_unwind_rules();  // the unloaded code's addresses may be reused
    RecorderScope scope;
    if (scope.entered() && recorder_active()) memscope::runtime::record_module_changes();
    errno = saved;
    return rc;
}

MEMSCOPE_HOOK int pthread_setname_np(pthread_t thread, const char* name) noexcept {
    if (!real_functions_ready() || g_real.pthread_setname_np == nullptr) return ENOSYS;
    const int rc = g_real.pthread_setname_np(thread, name);
    if (rc == 0 && pthread_equal(thread, pthread_self())) {
        const int saved = errno;
        RecorderScope scope;
        if (scope.entered() && recorder_active()) memscope::runtime::record_thread_name(name);
        errno = saved;
    }
    return rc;
}
