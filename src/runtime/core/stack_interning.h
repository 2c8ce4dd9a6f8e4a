// Turns a captured stack into a stack id: the thread's previous stack is reused
// for the common outer frames, the rest is interned in the global table, and
// every node this thread creates is written as kStackNode into its own stream
// before the event that uses it.
#pragma once

#include <cstdint>

#include "runtime/core/call_stack.h"
#include "runtime/core/thread_registry.h"

namespace memscope::runtime {

// Id of the innermost frame's node; 0 for an empty stack or a full table.
std::uint32_t intern_stack(ThreadSlot& slot, CallStack stack, std::uint64_t ts);

}  // namespace memscope::runtime
