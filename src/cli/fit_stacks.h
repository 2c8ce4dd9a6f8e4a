// The worst-case stacks `memscope fit --callgraph` counts: GCC's call graphs
// read, each --entry found in them, the red zone of the target's ABI added.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "binary/elf_footprint.h"
#include "callgraph/worst_case_stack.h"

namespace memscope::cli {

// The worst-case stack of each entry point (main when none is named);
// nullopt after printing why when the graph cannot be read or an entry is not
// one function of it.
std::optional<std::vector<callgraph::WorstCaseStack>> worst_case_stacks(
    const std::vector<std::string>& paths, std::vector<std::string> entries,
    std::uint64_t red_zone_bytes);

// The red zone to add: given (--red-zone), else the binary's architecture's,
// else this machine's.
std::uint64_t red_zone_bytes(const std::optional<std::uint64_t>& given,
                             const binary::ElfFootprint* elf);

}  // namespace memscope::cli
