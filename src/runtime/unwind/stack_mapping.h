// The mapping that holds a thread's stack, found in /proc/self/maps with raw
// system calls and a small buffer on the stack (no malloc, no lock, no stdio),
// so it can run inside a malloc hook or a signal handler. The stack walk reads
// only between the current stack pointer and the mapping's end.
#pragma once

#include <cstdint>

namespace memscope::unwind {

struct AddressRange {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
};

// The mapping containing address; {0, 0} if none or /proc is unreadable.
AddressRange mapping_containing(std::uintptr_t address);

// This thread's stack mapping, looked up on the thread's first call (about the
// cost of reading /proc/self/maps once) and kept in thread-local storage.
// {0, 0} if unknown; a stack pointer outside it (an alternate signal stack, a
// coroutine) means the caller must use another unwinder.
AddressRange thread_stack_range(std::uintptr_t current_sp);

}  // namespace memscope::unwind
