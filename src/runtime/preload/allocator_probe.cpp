#include "runtime/preload/allocator_probe.h"

#include <dlfcn.h>
#include <sys/resource.h>

#include <atomic>
#include <cstring>

#include "runtime/preload/real_functions.h"

namespace memscope::preload {

namespace {

void** g_curbrk = nullptr;
std::atomic<bool> g_glibc{false};
std::atomic<std::uintptr_t> g_last_brk{0};

// glibc's chunk header: the size word before the block, its bit 1 IS_MMAPPED.
constexpr std::uintptr_t kIsMmapped = 2;

bool from_glibc(void* function) {
    Dl_info info;
    if (function == nullptr || dladdr(function, &info) == 0 || info.dli_fname == nullptr)
        return false;
    const char* name = std::strrchr(info.dli_fname, '/');
    name = name == nullptr ? info.dli_fname : name + 1;
    return std::strncmp(name, "libc.so", 7) == 0;
}

__thread bool tls_counting_faults __attribute__((tls_model("initial-exec"))) = false;
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

}  // namespace

bool init_allocator_probe() {
    if (!from_glibc(reinterpret_cast<void*>(g_real.malloc))) return false;
    g_curbrk = static_cast<void**>(dlsym(RTLD_DEFAULT, "__curbrk"));
    if (g_curbrk != nullptr) g_last_brk.store(current_brk(), std::memory_order_relaxed);
    g_glibc.store(true, std::memory_order_release);
    return true;
}

bool glibc_own_mapping(const void* block) {
    if (block == nullptr || !g_glibc.load(std::memory_order_acquire)) return false;
    const auto size_word = static_cast<const std::uintptr_t*>(block)[-1];
    return (size_word & kIsMmapped) != 0;
}

void start_fault_count(std::uint64_t bytes) {
    tls_counting_faults = bytes >= kFaultProbeBytes;
    if (tls_counting_faults) tls_faults_before = thread_faults();
}

PageFaults finish_fault_count() {
    if (!tls_counting_faults) return PageFaults{};
    tls_counting_faults = false;
    const PageFaults now = thread_faults();
    return PageFaults{now.minor - tls_faults_before.minor, now.major - tls_faults_before.major};
}

std::uint64_t glibc_chunk_bytes(const void* block) {
    if (block == nullptr || !g_glibc.load(std::memory_order_acquire)) return 0;
    return static_cast<const std::uintptr_t*>(block)[-1] & ~std::uintptr_t{7};
}

std::int64_t brk_moved() {
    if (g_curbrk == nullptr || !g_glibc.load(std::memory_order_acquire)) return 0;
    const std::uintptr_t now = current_brk();
    std::uintptr_t last = g_last_brk.load(std::memory_order_relaxed);
    if (now == last || !g_last_brk.compare_exchange_strong(last, now, std::memory_order_relaxed))
        return 0;
    return static_cast<std::int64_t>(now - last);
}

}  // namespace memscope::preload
