// The functions the hooks stand in front of, found with dlsym(RTLD_NEXT).
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include <atomic>
#include <cstddef>

namespace memscope::preload {

struct RealFunctions {
    void* (*malloc)(std::size_t);
    void (*free)(void*);
    void* (*calloc)(std::size_t, std::size_t);
    void* (*realloc)(void*, std::size_t);
    int (*posix_memalign)(void**, std::size_t, std::size_t);
    void* (*aligned_alloc)(std::size_t, std::size_t);
    void* (*memalign)(std::size_t, std::size_t);
    void* (*valloc)(std::size_t);
    void* (*pvalloc)(std::size_t);
    void* (*mmap)(void*, std::size_t, int, int, int, off_t);
    void* (*mmap64)(void*, std::size_t, int, int, int, off_t);
    int (*munmap)(void*, std::size_t);
    void* (*mremap)(void*, std::size_t, std::size_t, int, ...);
    int (*dlclose)(void*);
    pid_t (*fork)();
    int (*execve)(const char*, char* const[], char* const[]);
    int (*execv)(const char*, char* const[]);
    int (*execvp)(const char*, char* const[]);
    int (*execvpe)(const char*, char* const[], char* const[]);
    void (*exit)(int);
    void (*_exit)(int);
    void (*_Exit)(int);
    int (*pthread_setname_np)(pthread_t, const char*);
    int (*libc_start_main)(int (*)(int, char**, char**), int, char**, void (*)(), void (*)(),
                           void (*)(), void*);
};

extern RealFunctions g_real;

enum ResolveState : int { kUnresolved = 0, kResolving = 1, kResolved = 2 };
extern std::atomic<int> g_resolve_state;

// Looks every function up (once). Allocations made meanwhile come from the
// bootstrap arena.
void resolve_real_functions();

inline bool real_functions_ready() {
    if (__builtin_expect(g_resolve_state.load(std::memory_order_acquire) == kResolved, 1))
        return true;
    resolve_real_functions();
    return g_resolve_state.load(std::memory_order_acquire) == kResolved;
}

}  // namespace memscope::preload
