// The allocation site of a stack: the innermost frame that is not part of the
// allocator's plumbing (operator new and its variants; the recorder's own frames
// are already gone from a SymbolizedStack).
#pragma once

#include <string>

#include "analysis/symbolized_stack.h"

namespace memscope::analysis {

bool is_allocator_wrapper(const symbols::Frame& frame);

// nullptr when the stack has no frame outside the wrappers (or none at all).
const ResolvedFrame* site_frame(const SymbolizedStack& stack);

// "function at file:line", "function in module" or "module+0xoffset".
std::string site_location(const ResolvedFrame* frame);

}  // namespace memscope::analysis
