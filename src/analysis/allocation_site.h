// The allocation site of a stack: the innermost frame a user would call "the
// code that allocated". Allocator plumbing (operator new and its variants) and
// C++ standard-library internals (std::allocator, containers, std::string, all
// usually inlined) are skipped, so a vector grown in load_frame() is attributed
// to load_frame() at the line of the push_back. The recorder's own frames are
// already gone from a SymbolizedStack.
#pragma once

#include <string>

#include "analysis/symbolized_stack.h"

namespace memscope::analysis {

bool is_allocator_wrapper(const symbols::Frame& frame);

// Frames of the C++ standard library: std:: and __gnu_cxx:: functions, code
// inlined from the library's headers, and frames inside libstdc++/libc++.
bool is_standard_library(const symbols::Frame& frame);

// nullptr when the stack has no frames at all. When every frame is allocator
// or library plumbing, the innermost frame that is not a wrapper is used.
const ResolvedFrame* site_frame(const SymbolizedStack& stack);

// "function at file:line", "function in module" or "module+0xoffset".
std::string site_location(const ResolvedFrame* frame);

}  // namespace memscope::analysis
