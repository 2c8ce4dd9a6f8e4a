// A stack as the reports show it: every frame of every return address, inline
// frames expanded, with the recorder's own frames removed.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/frame_source.h"
#include "trace/trace_reader.h"

namespace memscope::analysis {

struct ResolvedFrame {
    std::uint64_t address = 0;  // the recorded return address this frame came from
    symbols::Frame symbol;
};

using SymbolizedStack = std::vector<ResolvedFrame>;

// Two stacks with the same signature print identically and are merged in reports.
std::string stack_signature(const SymbolizedStack& stack);

// True for frames inside libmemscope itself (the interposed allocator entry points).
bool is_recorder_frame(const symbols::Frame& frame);

// Symbolizes each stack id once, resolving addresses through the frame source.
class StackSymbolizer {
  public:
    StackSymbolizer(const trace::TraceReader& reader, FrameSource& frames)
        : reader_(reader), frames_(frames) {}

    const SymbolizedStack& stack(trace::StackId id);

  private:
    const trace::TraceReader& reader_;
    FrameSource& frames_;
    std::unordered_map<trace::StackId, SymbolizedStack> cache_;
};

}  // namespace memscope::analysis
