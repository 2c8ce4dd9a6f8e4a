#include "cli/fit_stacks.h"

#include <fmt/format.h>

#include <cstdio>

#include "callgraph/gcc_callgraph_reader.h"

namespace memscope::cli {

std::optional<std::vector<callgraph::WorstCaseStack>> worst_case_stacks(
    const std::vector<std::string>& paths, std::vector<std::string> entries,
    std::uint64_t red_zone_bytes) {
    if (entries.empty()) entries.push_back("main");
    callgraph::Callgraph graph;
    try {
        graph = callgraph::load_gcc_callgraphs(paths);
    } catch (const callgraph::CallgraphError& e) {
        fmt::print(stderr, "memscope: error: {}\n", e.what());
        return std::nullopt;
    }
    std::vector<callgraph::WorstCaseStack> stacks;
    for (const std::string& entry : entries) {
        const auto found = graph.named(entry);
        if (found.empty()) {
            fmt::print(stderr, "memscope: error: no function {} in the call graph\n", entry);
            return std::nullopt;
        }
        if (found.size() > 1) {
            std::string candidates;
            for (const callgraph::Function* f : found)
                candidates += (candidates.empty() ? "" : ", ") + f->id;
            fmt::print(stderr,
                       "memscope: error: {} names several functions of the call graph: {} (give "
                       "one of these ids)\n",
                       entry, candidates);
            return std::nullopt;
        }
        stacks.push_back(callgraph::worst_case_stack(graph, found[0]->id, red_zone_bytes));
    }
    return stacks;
}

// The x86-64 System V ABI lets a leaf function use 128 bytes below its stack
// pointer, which GCC's frame sizes leave out; the other ABIs memscope meets
// (Arm, RISC-V, i386) have none. The binary names the architecture; without
// one, the call graph is taken to be this machine's.
std::uint64_t red_zone_bytes(const std::optional<std::uint64_t>& given,
                             const binary::ElfFootprint* elf) {
    if (given) return *given;
    if (elf != nullptr) return elf->machine == "x86-64" ? 128 : 0;
#if defined(__x86_64__)
    return 128;
#else
    return 0;
#endif
}

}  // namespace memscope::cli
