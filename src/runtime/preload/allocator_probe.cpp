#include "runtime/preload/allocator_probe.h"

#include <dlfcn.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstdlib>

#include <atomic>
#include <cstring>

#include "runtime/preload/real_functions.h"

namespace memscope::preload {

namespace probe_detail {

std::atomic<bool> g_glibc{false};
void** g_curbrk = nullptr;
std::atomic<std::uintptr_t> g_last_brk{0};
__thread bool tls_counting_faults __attribute__((tls_model("initial-exec"))) = false;

}  // namespace probe_detail

namespace {

using probe_detail::g_curbrk;
using probe_detail::g_glibc;
using probe_detail::g_last_brk;
using probe_detail::tls_counting_faults;

// glibc's heap_info (malloc/arena.c): ar_ptr, prev, size, mprotect_size, then
// (2.35 on) pagesize and padding. Heaps are aligned to their maximum size,
// 2 x DEFAULT_MMAP_THRESHOLD_MAX = 64 MiB on 64-bit, unless the
// glibc.malloc.hugetlb tunable asks for huge pages (then the probe is off).
struct HeapInfo {
    void* ar_ptr;
    HeapInfo* prev;
    std::uint64_t size;
    std::uint64_t mprotect_size;
};
constexpr std::uintptr_t kHeapMaxSize = std::uintptr_t{64} << 20;

enum ArenaProbeState : int { kArenaUnchecked = 0, kArenaTrusted = 1, kArenaOff = -1 };
std::atomic<int> g_arena_probe{kArenaUnchecked};

__thread const void* tls_arena_heap __attribute__((tls_model("initial-exec"))) = nullptr;
__thread std::uint64_t tls_arena_heap_size __attribute__((tls_model("initial-exec"))) = 0;

bool from_glibc(void* function) {
    Dl_info info;
    if (function == nullptr || dladdr(function, &info) == 0 || info.dli_fname == nullptr)
        return false;
    const char* name = std::strrchr(info.dli_fname, '/');
    name = name == nullptr ? info.dli_fname : name + 1;
    return std::strncmp(name, "libc.so", 7) == 0;
}

__thread PageFaults tls_faults_before __attribute__((tls_model("initial-exec")));

PageFaults thread_faults() {
    rusage usage;
    if (getrusage(RUSAGE_THREAD, &usage) != 0) return PageFaults{};
    return PageFaults{static_cast<std::uint64_t>(usage.ru_minflt),
                      static_cast<std::uint64_t>(usage.ru_majflt)};
}

std::uintptr_t current_brk() {
    return reinterpret_cast<std::uintptr_t>(
        __atomic_load_n(reinterpret_cast<void* volatile*>(g_curbrk), __ATOMIC_RELAXED));
}

std::uint64_t heap_size_now(const HeapInfo* heap) {
    return __atomic_load_n(&heap->size, __ATOMIC_RELAXED);
}

bool huge_page_heaps() {
    const char* tunables = getenv("GLIBC_TUNABLES");
    if (tunables == nullptr) return false;
    const char* at = std::strstr(tunables, "glibc.malloc.hugetlb=");
    if (at == nullptr) return false;
    const char value = at[std::strlen("glibc.malloc.hugetlb=")];
    return value != '0' && value != '1';
}

// The heap of a block in_thread_arena, once the layout above was confirmed on
// the first such heap (read through process_vm_readv, which fails instead of
// faulting when the guess is wrong); null when the probe is off.
const HeapInfo* arena_heap_of(const void* block) {
    const auto* heap = reinterpret_cast<const HeapInfo*>(reinterpret_cast<std::uintptr_t>(block) &
                                                         ~(kHeapMaxSize - 1));
    const int state = g_arena_probe.load(std::memory_order_acquire);
    if (state == kArenaTrusted) return heap;
    if (state == kArenaOff) return nullptr;
    HeapInfo copy{};
    iovec local{&copy, sizeof(copy)};
    iovec remote{const_cast<HeapInfo*>(heap), sizeof(copy)};
    const bool read =
        process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == static_cast<ssize_t>(sizeof(copy));
    const auto arena_offset =
        reinterpret_cast<std::uintptr_t>(copy.ar_ptr) - reinterpret_cast<std::uintptr_t>(heap);
    // A first heap holds its arena right after the heap_info (32 or 48 bytes).
    const bool first_heap_shape =
        copy.prev == nullptr && (arena_offset == 32 || arena_offset == 48);
    const bool later_heap_shape = copy.prev != nullptr;
    const bool sane = read && copy.size > 0 && copy.size <= kHeapMaxSize && copy.size % 4096 == 0 &&
                      (first_heap_shape || later_heap_shape) && !huge_page_heaps();
    g_arena_probe.store(sane ? kArenaTrusted : kArenaOff, std::memory_order_release);
    return sane ? heap : nullptr;
}

}  // namespace

bool init_allocator_probe() {
    if (!from_glibc(reinterpret_cast<void*>(g_real.malloc))) return false;
    g_curbrk = static_cast<void**>(dlsym(RTLD_DEFAULT, "__curbrk"));
    if (g_curbrk != nullptr) g_last_brk.store(current_brk(), std::memory_order_relaxed);
    g_glibc.store(true, std::memory_order_release);
    return true;
}

namespace probe_detail {

void start_counting_faults() {
    tls_counting_faults = true;
    tls_faults_before = thread_faults();
}

PageFaults finish_counting_faults() {
    tls_counting_faults = false;
    const PageFaults now = thread_faults();
    return PageFaults{now.minor - tls_faults_before.minor, now.major - tls_faults_before.major};
}

// One call takes a move of the break: the first to swap the last value seen.
std::int64_t take_brk_move(std::uintptr_t now) {
    std::uintptr_t last = g_last_brk.load(std::memory_order_relaxed);
    if (now == last || !g_last_brk.compare_exchange_strong(last, now, std::memory_order_relaxed))
        return 0;
    return static_cast<std::int64_t>(now - last);
}

}  // namespace probe_detail

ArenaHeapLook arena_heap_before_free(const void* block) {
    const HeapInfo* heap = arena_heap_of(block);
    if (heap == nullptr || __atomic_load_n(&heap->prev, __ATOMIC_RELAXED) != nullptr)
        return ArenaHeapLook{};
    return ArenaHeapLook{heap, heap_size_now(heap)};
}

std::uint64_t arena_heap_returned(const ArenaHeapLook& before) {
    const std::uint64_t now = heap_size_now(static_cast<const HeapInfo*>(before.heap));
    tls_arena_heap = before.heap;
    tls_arena_heap_size = now;
    return now < before.size ? before.size - now : 0;
}

std::uint64_t arena_heap_grown(const void* block) {
    const HeapInfo* heap = arena_heap_of(block);
    if (heap == nullptr) return 0;
    const std::uint64_t now = heap_size_now(heap);
    const bool seen = tls_arena_heap == heap;
    const std::uint64_t last = tls_arena_heap_size;
    tls_arena_heap = heap;
    tls_arena_heap_size = now;
    return seen && now > last ? now - last : 0;
}

}  // namespace memscope::preload
