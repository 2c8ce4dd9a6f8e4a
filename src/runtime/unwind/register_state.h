// The registers a stack walk starts from, read where the caller stands.
#pragma once

#include "runtime/unwind/frame_walker.h"

namespace memscope::unwind {

// Always inlined: the state is that of the function the call is written in,
// whose own CFI then describes how to reach its caller. The pc is that of the
// instruction after the lea (the end of the asm); rsp and rbp are the same
// there. rbp is read first: the compiler may give an output rbp itself when
// the function does not use it as the frame pointer.
__attribute__((always_inline)) inline RegisterState current_registers() {
    RegisterState regs;
    asm volatile(
        "mov %%rbp, %2\n\t"
        "mov %%rsp, %1\n\t"
        "lea 0(%%rip), %0"
        : "=r"(regs.pc), "=r"(regs.sp), "=r"(regs.bp));
    return regs;
}

}  // namespace memscope::unwind
