// libFuzzer entry point for GCC call-graph files (`memscope fit --callgraph`
// reads .ci files it did not make): any text must either be refused with
// CallgraphError or give a graph whose every function's worst-case stack can
// be computed, without crashing, hanging or reading out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "callgraph/gcc_callgraph_reader.h"
#include "callgraph/worst_case_stack.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace memscope::callgraph;
    Callgraph graph;
    try {
        read_gcc_callgraph(std::string_view(reinterpret_cast<const char*>(data), size),
                           "fuzz-input.ci", graph);
    } catch (const CallgraphError&) {
        return 0;  // refused input is a valid outcome
    }
    // Every function as an entry, and every value read, so that a bad one is
    // reported at the input that made it.
    std::uint64_t sum = 0;
    for (const auto& [id, f] : graph.functions()) {
        const WorstCaseStack s = worst_case_stack(graph, id, 128);
        sum += s.bytes + s.path.size() + s.recursive.size() + s.indirect_callers.size() +
               s.unknown_callees.size() + s.dynamic_frames.size() + (s.exact() ? 1 : 0);
        for (const StackFrameOnPath& frame : s.path)
            sum += frame.frame_bytes + frame.function.size() + frame.location.size();
        sum += graph.named(f.name).size();
    }
    volatile std::uint64_t keep = sum;
    (void)keep;
    return 0;
}
