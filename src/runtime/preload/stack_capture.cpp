#include "runtime/preload/stack_capture.h"

#define UNW_LOCAL_ONLY
#include <dlfcn.h>
#include <libunwind.h>
#include <link.h>

#include <atomic>

namespace memscope::preload {

namespace {

#define MEMSCOPE_NAME_OF(symbol) MEMSCOPE_QUOTE(symbol)
#define MEMSCOPE_QUOTE(symbol) #symbol

using CachingFn = int (*)(unw_addr_space_t, unw_caching_policy_t);

int find_own_range(dl_phdr_info* info, std::size_t, void* context) {
    const auto here = reinterpret_cast<std::uintptr_t>(context);
    std::uintptr_t begin = ~std::uintptr_t{0};
    std::uintptr_t end = 0;
    bool mine = false;
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD) continue;
        const std::uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
        const std::uintptr_t hi = lo + ph.p_memsz;
        if (here >= lo && here < hi) mine = true;
        if ((ph.p_flags & PF_X) != 0) {
            if (lo < begin) begin = lo;
            if (hi > end) end = hi;
        }
    }
    if (!mine) return 0;
    g_own_code_begin = begin;
    g_own_code_end = end;
    return 1;
}

}  // namespace

std::atomic<BacktraceFn> g_backtrace{nullptr};
__thread bool tls_unwound_once __attribute__((tls_model("initial-exec"))) = false;
std::uintptr_t g_own_code_begin = 0;
std::uintptr_t g_own_code_end = 0;

bool init_stack_capture() {
    dl_iterate_phdr(find_own_range, reinterpret_cast<void*>(&init_stack_capture));
    void* handle = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) return false;
    auto backtrace = reinterpret_cast<BacktraceFn>(dlsym(handle, "unw_backtrace"));
    auto caching =
        reinterpret_cast<CachingFn>(dlsym(handle, MEMSCOPE_NAME_OF(unw_set_caching_policy)));
    auto* space =
        static_cast<unw_addr_space_t*>(dlsym(handle, MEMSCOPE_NAME_OF(unw_local_addr_space)));
    if (backtrace == nullptr) return false;
    if (caching != nullptr && space != nullptr) caching(*space, UNW_CACHE_PER_THREAD);
    g_backtrace.store(backtrace, std::memory_order_release);
    return true;
}

}  // namespace memscope::preload
