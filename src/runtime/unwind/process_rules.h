// The unwinding rule of any code address in the process: from the shared
// lock-free cache when present, else compiled from the CFI of the module that
// holds the address (found with glibc's _dl_find_object, which is lock-free
// and async-signal-safe) and published in the cache. Addresses outside every
// module, or in modules without .eh_frame_hdr, get kUnknown (cached too).
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/unwind/rule_cache.h"
#include "runtime/unwind/unwind_rule.h"

namespace memscope::unwind {

extern RuleCache g_rule_cache;

// Changes whenever the cache is cleared: what was derived from older rules
// (a thread's remembered walk) is stale.
extern std::atomic<std::uint32_t> g_rule_generation;

// Resolves _dl_find_object (glibc 2.35 and later); false if it is missing, in
// which case every rule is kUnknown. Call once, where dlsym may allocate.
bool init_process_rules();

// The compiled rule for key (a return address, or a pc + 1; see frame_walker.h).
UnwindRule compile_process_rule(std::uintptr_t key);

__attribute__((always_inline)) inline UnwindRule process_rule(std::uintptr_t key) {
    UnwindRule rule;
    if (g_rule_cache.find(key, rule)) [[likely]]
        return rule;
    return compile_process_rule(key);
}

// process_rule as a function object, so that walk_frames inlines the cache
// lookup (through a function pointer, the rule would make a round trip
// through memory on every frame).
struct ProcessRules {
    UnwindRule operator()(std::uintptr_t key) const { return process_rule(key); }
};

// After dlclose: the unloaded addresses may hold other code later.
inline void forget_process_rules() {
    g_rule_cache.clear();
    g_rule_generation.fetch_add(1, std::memory_order_release);
}

}  // namespace memscope::unwind
