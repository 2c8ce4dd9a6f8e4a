// Process boundaries. fork: the parent records kFork (the child restarts the
// recorder from a pthread_atfork handler, see preload_lifecycle.cpp). exec:
// the trace is completed before the image is replaced, and reopened for more
// if the exec fails. exit/_exit: the status is kept for kProcessExit, and _exit
// (which skips destructors) finishes the trace itself. A vfork child shares
// the parent's memory, so all of these leave the recorder alone in one
// (session.cpp compares getpid() with the recorded pid).
#include <alloca.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "runtime/core/event_recording.h"
#include "runtime/core/recorder.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/core/session.h"
#include "runtime/preload/exit_status.h"
#include "runtime/preload/hook_export.h"
#include "runtime/preload/real_functions.h"

using memscope::preload::g_real;
using memscope::preload::real_functions_ready;
using memscope::runtime::RecorderScope;

namespace {

constexpr std::uint64_t kExitOwnerWaitNs = 5ull * 1000000000ull;

enum class ExecKind { kExecve, kExecv, kExecvp, kExecvpe };

int exec_with_trace(ExecKind kind, const char* file, char* const argv[], char* const envp[]) {
    if (!real_functions_ready()) {
        errno = ENOSYS;
        return -1;
    }
    const bool ended = memscope::runtime::begin_exec(file);
    int rc = -1;
    switch (kind) {
        case ExecKind::kExecve:
            rc = g_real.execve(file, argv, envp);
            break;
        case ExecKind::kExecv:
            rc = g_real.execv(file, argv);
            break;
        case ExecKind::kExecvp:
            rc = g_real.execvp(file, argv);
            break;
        case ExecKind::kExecvpe:
            rc = g_real.execvpe(file, argv, envp);
            break;
    }
    const int saved = errno;
    if (ended) memscope::runtime::abort_exec();
    errno = saved;
    return rc;
}

// The execl family passes arguments inline, NULL-terminated (execle then
// passes the environment). Both helpers read a copy of the va_list.
std::size_t count_arguments(va_list args) {
    va_list scan;
    va_copy(scan, args);
    std::size_t n = 0;
    while (va_arg(scan, const char*) != nullptr) ++n;
    va_end(scan);
    return n;
}

// Fills argv[0..n+1] (with the final NULL); returns the environment for execle.
char* const* gather_arguments(char** argv, const char* first, va_list args, std::size_t n,
                              bool with_environment) {
    va_list take;
    va_copy(take, args);
    argv[0] = const_cast<char*>(first);
    for (std::size_t i = 1; i <= n; ++i) argv[i] = va_arg(take, char*);
    argv[n + 1] = nullptr;
    va_arg(take, char*);  // the NULL
    char* const* envp = with_environment ? va_arg(take, char* const*) : nullptr;
    va_end(take);
    return envp;
}

}  // namespace

MEMSCOPE_HOOK pid_t fork() noexcept {
    if (!real_functions_ready()) {
        errno = ENOSYS;
        return -1;
    }
    const pid_t pid = g_real.fork();
    if (pid > 0) {
        const int saved = errno;
        RecorderScope scope;
        if (scope.entered()) memscope::runtime::record_fork(static_cast<std::uint32_t>(pid));
        errno = saved;
    }
    return pid;
}

MEMSCOPE_HOOK int execve(const char* path, char* const argv[], char* const envp[]) noexcept {
    return exec_with_trace(ExecKind::kExecve, path, argv, envp);
}

MEMSCOPE_HOOK int execv(const char* path, char* const argv[]) noexcept {
    return exec_with_trace(ExecKind::kExecv, path, argv, nullptr);
}

MEMSCOPE_HOOK int execvp(const char* file, char* const argv[]) noexcept {
    return exec_with_trace(ExecKind::kExecvp, file, argv, nullptr);
}

MEMSCOPE_HOOK int execvpe(const char* file, char* const argv[], char* const envp[]) noexcept {
    return exec_with_trace(ExecKind::kExecvpe, file, argv, envp);
}

MEMSCOPE_HOOK int execl(const char* path, const char* arg, ...) noexcept {
    va_list args;
    va_start(args, arg);
    const std::size_t n = count_arguments(args);
    auto** argv = static_cast<char**>(alloca((n + 2) * sizeof(char*)));
    gather_arguments(argv, arg, args, n, false);
    va_end(args);
    return exec_with_trace(ExecKind::kExecv, path, argv, nullptr);
}

MEMSCOPE_HOOK int execlp(const char* file, const char* arg, ...) noexcept {
    va_list args;
    va_start(args, arg);
    const std::size_t n = count_arguments(args);
    auto** argv = static_cast<char**>(alloca((n + 2) * sizeof(char*)));
    gather_arguments(argv, arg, args, n, false);
    va_end(args);
    return exec_with_trace(ExecKind::kExecvp, file, argv, nullptr);
}

MEMSCOPE_HOOK int execle(const char* path, const char* arg, ...) noexcept {
    va_list args;
    va_start(args, arg);
    const std::size_t n = count_arguments(args);
    auto** argv = static_cast<char**>(alloca((n + 2) * sizeof(char*)));
    char* const* envp = gather_arguments(argv, arg, args, n, true);
    va_end(args);
    return exec_with_trace(ExecKind::kExecve, path, argv, envp);
}

MEMSCOPE_HOOK void exit(int status) noexcept {
    memscope::preload::note_exit_status(status);
    real_functions_ready();
    g_real.exit(status);
    __builtin_unreachable();
}

MEMSCOPE_HOOK void _exit(int status) noexcept {
    memscope::runtime::finish_session(memscope::format::ExitHow::kExit,
                                      static_cast<std::uint32_t>(status) & 0xffu, kExitOwnerWaitNs);
    real_functions_ready();
    g_real._exit(status);
    __builtin_unreachable();
}

MEMSCOPE_HOOK void _Exit(int status) noexcept {
    memscope::runtime::finish_session(memscope::format::ExitHow::kExit,
                                      static_cast<std::uint32_t>(status) & 0xffu, kExitOwnerWaitNs);
    real_functions_ready();
    g_real._Exit(status);
    __builtin_unreachable();
}
