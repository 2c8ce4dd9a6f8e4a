#include "runtime/preload/real_functions.h"

#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace memscope::preload {

RealFunctions g_real;
std::atomic<int> g_resolve_state{kUnresolved};

namespace {

template <typename F>
void look_up(F& slot, const char* name) {
    slot = reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

void resolve_real_functions() {
    int expected = kUnresolved;
    if (!g_resolve_state.compare_exchange_strong(expected, kResolving, std::memory_order_acq_rel)) {
        // Another thread is resolving: wait, unless it is this very thread
        // (dlsym allocating), which the bootstrap arena serves meanwhile.
        return;
    }
    RealFunctions& r = g_real;
    look_up(r.malloc, "malloc");
    look_up(r.free, "free");
    look_up(r.calloc, "calloc");
    look_up(r.realloc, "realloc");
    look_up(r.posix_memalign, "posix_memalign");
    look_up(r.aligned_alloc, "aligned_alloc");
    look_up(r.memalign, "memalign");
    look_up(r.valloc, "valloc");
    look_up(r.pvalloc, "pvalloc");
    look_up(r.mmap, "mmap");
    look_up(r.mmap64, "mmap64");
    look_up(r.munmap, "munmap");
    look_up(r.mremap, "mremap");
    look_up(r.dlclose, "dlclose");
    look_up(r.fork, "fork");
    look_up(r.execve, "execve");
    look_up(r.execv, "execv");
    look_up(r.execvp, "execvp");
    look_up(r.execvpe, "execvpe");
    look_up(r.exit, "exit");
    look_up(r._exit, "_exit");
    look_up(r._Exit, "_Exit");
    look_up(r.pthread_setname_np, "pthread_setname_np");
    look_up(r.libc_start_main, "__libc_start_main");
    if (r.malloc == nullptr || r.free == nullptr || r.calloc == nullptr || r.realloc == nullptr) {
        static const char message[] = "memscope: cannot find the real allocator; aborting\n";
        ssize_t ignored = write(STDERR_FILENO, message, sizeof(message) - 1);
        (void)ignored;
        syscall(SYS_exit_group, 125);  // not _exit: that is our own hook
    }
    g_resolve_state.store(kResolved, std::memory_order_release);
}

}  // namespace memscope::preload
