// Memory mappings, recorded apart from the heap: anonymous mmap as kMmap (file
// mappings are not memory the program allocated), every successful munmap and
// mremap (the reader matches them against the regions it knows).
#include <errno.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/core/event_clock.h"
#include "runtime/core/event_recording.h"
#include "runtime/core/recorder.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/preload/hook_export.h"
#include "runtime/preload/real_functions.h"
#include "runtime/preload/stack_capture.h"

using memscope::preload::CapturedStack;
using memscope::preload::g_real;
using memscope::preload::real_functions_ready;
using memscope::runtime::event_clock_ns;
using memscope::runtime::inside_recorder;
using memscope::runtime::NestedRecordingWindow;
using memscope::runtime::recorder_active;
using memscope::runtime::RecorderScope;

namespace {

using MmapFn = void* (*)(void*, std::size_t, int, int, int, off_t);

void* raw_mmap(void* address, std::size_t length, int prot, int flags, int fd, off_t offset) {
    return reinterpret_cast<void*>(syscall(SYS_mmap, address, length, prot, flags, fd, offset));
}

void* mmap_through(MmapFn real, void* address, std::size_t length, int prot, int flags, int fd,
                   off_t offset) {
    if (!real_functions_ready() || real == nullptr)
        return raw_mmap(address, length, prot, flags, fd, offset);
    if (inside_recorder() || !recorder_active() || (flags & MAP_ANONYMOUS) == 0)
        return real(address, length, prot, flags, fd, offset);
    // The system call runs outside the recorder scope: a signal handler that
    // allocates while this thread waits in the kernel is then recorded, not lost.
    const std::uint64_t t0 = event_clock_ns();
    void* p = real(address, length, prot, flags, fd, offset);
    const std::uint64_t t1 = event_clock_ns();
    // Opened before the scope, so no instruction of the recording is outside it.
    NestedRecordingWindow window(memscope::preload::thread_ready_for_nested_recording());
    RecorderScope scope(memscope::runtime::kEventHook);
    if (p != MAP_FAILED && scope.entered()) {
        const int saved = errno;
        CapturedStack stack;
        memscope::preload::capture_stack(stack);
        memscope::runtime::record_mmap(p, length, prot, flags, stack.view(), t0, t1);
        errno = saved;
    }
    return p;
}

}  // namespace

MEMSCOPE_HOOK void* mmap(void* address, std::size_t length, int prot, int flags, int fd,
                         off_t offset) noexcept {
    return mmap_through(g_real.mmap, address, length, prot, flags, fd, offset);
}

MEMSCOPE_HOOK void* mmap64(void* address, std::size_t length, int prot, int flags, int fd,
                           off_t offset) noexcept {
    return mmap_through(g_real.mmap64 != nullptr ? g_real.mmap64 : g_real.mmap, address, length,
                        prot, flags, fd, offset);
}

MEMSCOPE_HOOK int munmap(void* address, std::size_t length) noexcept {
    if (!real_functions_ready() || g_real.munmap == nullptr)
        return static_cast<int>(syscall(SYS_munmap, address, length));
    if (inside_recorder() || !recorder_active()) return g_real.munmap(address, length);
    const std::uint64_t t0 = event_clock_ns();
    const int rc = g_real.munmap(address, length);
    const std::uint64_t t1 = event_clock_ns();
    // Opened before the scope, so no instruction of the recording is outside it.
    NestedRecordingWindow window(memscope::preload::thread_ready_for_nested_recording());
    RecorderScope scope(memscope::runtime::kEventHook);
    if (rc == 0 && scope.entered()) {
        const int saved = errno;
        memscope::runtime::record_munmap(address, length, t0, t1);
        errno = saved;
    }
    return rc;
}

MEMSCOPE_HOOK void* mremap(void* old_address, std::size_t old_length, std::size_t new_length,
                           int flags, ...) noexcept {
    void* requested = nullptr;
    if ((flags & MREMAP_FIXED) != 0) {
        va_list args;
        va_start(args, flags);
        requested = va_arg(args, void*);
        va_end(args);
    }
    if (!real_functions_ready() || g_real.mremap == nullptr)
        return reinterpret_cast<void*>(
            syscall(SYS_mremap, old_address, old_length, new_length, flags, requested));
    if (inside_recorder() || !recorder_active())
        return g_real.mremap(old_address, old_length, new_length, flags, requested);
    const std::uint64_t t0 = event_clock_ns();
    void* p = g_real.mremap(old_address, old_length, new_length, flags, requested);
    const std::uint64_t t1 = event_clock_ns();
    // Opened before the scope, so no instruction of the recording is outside it.
    NestedRecordingWindow window(memscope::preload::thread_ready_for_nested_recording());
    RecorderScope scope(memscope::runtime::kEventHook);
    if (p != MAP_FAILED && scope.entered()) {
        const int saved = errno;
        CapturedStack stack;
        memscope::preload::capture_stack(stack);
        memscope::runtime::record_mremap(old_address, old_length, p, new_length, stack.view(), t0,
                                         t1);
        errno = saved;
    }
    return p;
}
