// How a frame is named in the flame-graph exports (folded, speedscope): its
// function, or module+0xoffset when it could not be symbolized. Files and
// lines stay out of folded names so that one function is one box.
#pragma once

#include <string>

#include "symbols/symbolizer.h"

namespace memscope::report {

std::string export_frame_name(const symbols::Frame& frame);

inline constexpr const char* kNoStackFrameName = "(no stack recorded)";

}  // namespace memscope::report
