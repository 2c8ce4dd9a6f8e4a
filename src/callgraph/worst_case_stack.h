// The most stack one entry point (main, a thread's or a task's function, an
// interrupt handler) can use: the deepest path of frames through the call
// graph. The figure is exact only when the graph says all there is; each
// reason it is not is reported, so a bound is never passed off as exact:
// recursion makes the stack unbounded, and calls through pointers, callees
// without a frame (libraries, no .ci) and frames GCC could not bound make
// the figure a lower bound.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "callgraph/callgraph.h"

namespace memscope::callgraph {

struct StackFrameOnPath {
    std::string function;  // source name
    std::string location;
    std::uint64_t frame_bytes = 0;
};

struct WorstCaseStack {
    std::string entry;  // its source name
    std::uint64_t bytes = 0;
    std::vector<StackFrameOnPath> path;  // entry first
    // Bytes below the deepest frame's stack pointer that the ABI lets a leaf
    // function use without moving it (x86-64's red zone: 128), which GCC's
    // frame sizes leave out; counted in bytes.
    std::uint64_t red_zone_bytes = 0;
    // Why the figure is not exact, by function (source names, sorted):
    std::vector<std::string> recursive;         // on a cycle of calls: unbounded
    std::vector<std::string> indirect_callers;  // call through pointers
    std::vector<std::string> unknown_callees;   // called, with no frame in the graph
    std::vector<std::string> dynamic_frames;    // frames GCC could not bound

    bool unbounded() const { return !recursive.empty(); }
    bool exact() const {
        return recursive.empty() && indirect_callers.empty() && unknown_callees.empty() &&
               dynamic_frames.empty();
    }
};

// entry_id: a function's id in graph (Callgraph::named finds it).
WorstCaseStack worst_case_stack(const Callgraph& graph, const std::string& entry_id,
                                std::uint64_t red_zone_bytes);

}  // namespace memscope::callgraph
