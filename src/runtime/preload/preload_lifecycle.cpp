// Start and end of recording in the preloaded library: the constructor opens
// this process's trace, the destructor closes it, a pthread_atfork child
// handler gives each fork child its own, and the __libc_start_main hook wraps
// main() to learn the status it returns.
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

#include "format/record_types.h"
#include "runtime/core/recorder.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/core/session.h"
#include "runtime/preload/allocator_probe.h"
#include "runtime/preload/exit_status.h"
#include "runtime/preload/fatal_signals.h"
#include "runtime/preload/hook_export.h"
#include "runtime/preload/real_functions.h"
#include "runtime/preload/stack_capture.h"

namespace {

constexpr std::uint64_t kExitOwnerWaitNs = 5ull * 1000000000ull;

using MainFn = int (*)(int, char**, char**);
MainFn g_program_main = nullptr;

int main_with_status(int argc, char** argv, char** envp) {
    const int status = g_program_main(argc, argv, envp);
    memscope::preload::note_exit_status(status);
    return status;
}

void restart_in_child() {
    memscope::runtime::restart_session_in_fork_child();
}

__attribute__((constructor(101))) void start_recording() {
    using namespace memscope;
    preload::real_functions_ready();
    runtime::RecorderScope scope;  // dlopen, pthread_atfork, ... allocate untracked
    preload::init_stack_capture();
    preload::init_allocator_probe();
    pthread_atfork(nullptr, nullptr, restart_in_child);
    preload::install_fatal_signal_handlers();
    runtime::load_settings_from_environment(runtime::g_recorder.settings);
    runtime::start_session(runtime::g_recorder.settings);
}

// libstdc++ keeps an emergency exception pool (about 72 KiB) for the life of
// the process; it offers __gnu_cxx::__freeres() for leak checkers to release
// it at exit. heaptrack calls it too, so leak figures compare.
void release_libstdcxx_pool() {
    using Freeres = void (*)();
    Freeres freeres = nullptr;
    {
        memscope::runtime::RecorderScope scope;  // dlsym may allocate its error text
        freeres = reinterpret_cast<Freeres>(dlsym(RTLD_DEFAULT, "_ZN9__gnu_cxx9__freeresEv"));
    }
    if (freeres != nullptr) freeres();
}

void finish_at_exit() {
    using namespace memscope;
    release_libstdcxx_pool();
    runtime::finish_session(format::ExitHow::kExit,
                            static_cast<std::uint64_t>(preload::exit_status()), kExitOwnerWaitNs);
}

// A preloaded library is initialised after the libraries it does not depend
// on, so its destructor runs before theirs, and their destructors' frees would
// be lost. Registering an exit handler from here runs it after every
// destructor: glibc picks up handlers registered while it runs them.
__attribute__((destructor(101))) void stop_recording() {
    if (atexit(finish_at_exit) != 0) finish_at_exit();
}

}  // namespace

MEMSCOPE_HOOK int __libc_start_main(MainFn main, int argc, char** argv, void (*init)(),
                                    void (*fini)(), void (*rtld_fini)(), void* stack_end) {
    memscope::preload::real_functions_ready();
    g_program_main = main;
    return memscope::preload::g_real.libc_start_main(main_with_status, argc, argv, init, fini,
                                                     rtld_fini, stack_end);
}
