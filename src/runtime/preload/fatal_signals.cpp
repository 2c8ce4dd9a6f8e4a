#include "runtime/preload/fatal_signals.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

#include "format/record_types.h"
#include "runtime/core/session.h"

namespace memscope::preload {

namespace {

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
constexpr std::uint64_t kOwnerWaitNs = 2ull * 1000000000ull;

std::atomic<bool> g_handling{false};

void on_fatal_signal(int signal_number, siginfo_t*, void*) {
    const int saved = errno;
    if (!g_handling.exchange(true))
        runtime::finish_session(format::ExitHow::kSignal, static_cast<std::uint64_t>(signal_number),
                                kOwnerWaitNs);
    struct sigaction default_action = {};
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(signal_number, &default_action, nullptr);
    // Blocked while this handler runs: delivered, with the default action, as
    // soon as it returns (a fault would also simply recur).
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), signal_number);
    errno = saved;
}

}  // namespace

void install_fatal_signal_handlers() {
    for (const int sig : kFatalSignals) {
        struct sigaction current = {};
        if (sigaction(sig, nullptr, &current) != 0) continue;
        if ((current.sa_flags & SA_SIGINFO) != 0 || current.sa_handler != SIG_DFL) continue;
        struct sigaction ours = {};
        ours.sa_sigaction = on_fatal_signal;
        ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&ours.sa_mask);
        sigaction(sig, &ours, nullptr);
    }
}

}  // namespace memscope::preload
