// Stack capture with libunwind's unw_backtrace (per-thread caching). libunwind
// is dlopen'ed RTLD_LOCAL by the constructor rather than linked: linked into a
// preloaded library its _Unwind_* and backtrace symbols would take precedence
// over libgcc_s's and glibc's for the whole program. Events recorded before the
// constructor ran carry no stack.
#pragma once

#include <cstdint>

#include "runtime/core/call_stack.h"
#include "runtime/core/thread_registry.h"

namespace memscope::preload {

// Loads libunwind and notes the recorder's own code range; false if libunwind
// is unavailable (events then carry no stack).
bool init_stack_capture();

struct CapturedStack {
    std::uint64_t ips[runtime::kMaxStackDepth];
    std::uint32_t depth = 0;
    runtime::CallStack view() const { return runtime::CallStack{ips, depth}; }
};

// Return addresses of the calling hook's caller and its callers, innermost
// first, without the recorder's own frames.
void capture_stack(CapturedStack& out);

}  // namespace memscope::preload
