#include "runtime/unwind/process_rules.h"

#include <dlfcn.h>

#include <atomic>

#include "runtime/unwind/cfi_rule_compiler.h"

namespace memscope::unwind {

constinit RuleCache g_rule_cache;
constinit std::atomic<std::uint32_t> g_rule_generation{1};

namespace {

#ifdef DLFO_STRUCT_HAS_EH_DBASE
using FindObjectFn = int (*)(void*, dl_find_object*);
std::atomic<FindObjectFn> g_find_object{nullptr};

const std::uint8_t* eh_frame_hdr_of(std::uintptr_t pc) {
    const FindObjectFn find = g_find_object.load(std::memory_order_acquire);
    dl_find_object object;
    if (find == nullptr || find(reinterpret_cast<void*>(pc), &object) != 0) return nullptr;
    return static_cast<const std::uint8_t*>(object.dlfo_eh_frame);
}
#else
const std::uint8_t* eh_frame_hdr_of(std::uintptr_t) {
    return nullptr;
}
#endif

}  // namespace

bool init_process_rules() {
#ifdef DLFO_STRUCT_HAS_EH_DBASE
    // Through dlsym, not a link-time reference: the library still loads on a
    // glibc without it (and then every stack goes to the fallback unwinder).
    auto find = reinterpret_cast<FindObjectFn>(dlsym(RTLD_DEFAULT, "_dl_find_object"));
    g_find_object.store(find, std::memory_order_release);
    return find != nullptr;
#else
    return false;
#endif
}

UnwindRule compile_process_rule(std::uintptr_t key) {
    const std::uintptr_t pc = key - 1;
    const UnwindRule rule = compile_rule(eh_frame_hdr_of(pc), pc);
    g_rule_cache.store(key, rule);
    return rule;
}

}  // namespace memscope::unwind
