#include "runtime/core/single_thread_claim.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <sys/single_threaded.h>

#include <atomic>

namespace memscope::runtime {

namespace {

std::atomic<bool> g_claimed{false};

// The flag exists twice when the program refers to it: the program gets a
// copy (a copy relocation) which the public name and our references then
// mean, while libc's own code (malloc, pthread_mutex_lock, pthread_create)
// reads its original. pthread_create clears both; the claim sets both.
// RTLD_NEXT skips the program and finds libc's original.
char* libc_own_flag() {
    static char* own = nullptr;
    if (own == nullptr) {
        own = static_cast<char*>(dlsym(RTLD_NEXT, "__libc_single_threaded"));
        if (own == nullptr) own = &__libc_single_threaded;
    }
    return own;
}

bool claim_turned_off() {
    const char* setting = getenv("MEMSCOPE_SINGLE_THREADED");
    return setting != nullptr && setting[0] == '0';
}

}  // namespace

bool process_single_threaded() {
    return *libc_own_flag() != 0;
}

void claim_single_threaded(bool was_single) {
    if (!was_single || claim_turned_off()) return;
    g_claimed.store(true, std::memory_order_relaxed);
    *libc_own_flag() = 1;
    __libc_single_threaded = 1;
}

void end_single_threaded_claim() {
    if (!g_claimed.exchange(false, std::memory_order_relaxed)) return;
    *libc_own_flag() = 0;
    __libc_single_threaded = 0;
}

}  // namespace memscope::runtime
