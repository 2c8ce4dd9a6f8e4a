// One small trace whose every figure is known, shared by the analysis, report
// and CLI tests. The expected values are spelled out in sample_trace.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "support/fake_frame_source.h"

namespace memscope::testing {

inline constexpr std::uint64_t kSampleStart = 1'000'000'000;

// Writes the sample trace to path (with clean_end false it lacks the end marker).
void write_sample_trace(const std::string& path, bool clean_end = true);

// Symbols for the sample trace's return addresses.
FakeFrameSource sample_frames();

}  // namespace memscope::testing
