// `memscope fit`'s verdict: what the program needs of a device's flash, RAM
// and heap, against the sizes the user gives. A budget is a maximum; a need
// equal to it fits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace memscope::analysis {

struct FitPart {
    std::string what;  // "static data", "heap", "stack of main", "stack reserve"
    std::uint64_t bytes = 0;
    // The need is at least bytes (a call graph with calls it cannot follow),
    // or has no bound at all (recursion): bytes is one trip through it.
    bool lower_bound = false;
    bool unbounded = false;
};

// What is known of the program's needs; unset where nothing measured it.
struct FitNeeds {
    std::optional<std::uint64_t> flash_bytes;       // the binary's code, constants, data image
    std::optional<std::uint64_t> static_ram_bytes;  // the binary's data and zero-initialized data
    std::optional<std::uint64_t> heap_bytes;        // the target heap's most memory
    // Stacks: one per entry point of the call graph (a thread's, a task's),
    // and what the user reserves (--stack).
    std::vector<FitPart> stacks;
};

struct FitBudget {
    std::optional<std::uint64_t> flash_bytes;
    std::optional<std::uint64_t> ram_bytes;
    std::optional<std::uint64_t> heap_bytes;
};

struct FitOutcome {
    const char* option;  // "--ram"
    const char* what;    // "RAM"
    std::uint64_t need = 0;
    std::uint64_t budget = 0;
    std::vector<FitPart> parts;  // what the need adds up from, when more than one thing

    // Any part's need is only a lower bound, or has no bound: an unbounded
    // need exceeds every budget, since nothing shows that it fits.
    bool lower_bound() const;
    bool unbounded() const;
    bool exceeded() const { return unbounded() || need > budget; }
};

// One outcome per budget that is set, in the order flash, RAM, heap. A
// budget whose need nothing measured is left out: the caller refuses it first
// (missing_need).
std::vector<FitOutcome> check_fit(const FitNeeds& needs, const FitBudget& budget);
// A budget that is set while nothing measures its need, if any: --flash
// needs a binary, --heap a trace, --ram any of them or a call graph.
struct MissingNeed {
    const char* option;  // "--flash"
    const char* needs;   // what would measure it, for "--flash needs ..."
};
std::optional<MissingNeed> missing_need(const FitNeeds& needs, const FitBudget& budget);

}  // namespace memscope::analysis
