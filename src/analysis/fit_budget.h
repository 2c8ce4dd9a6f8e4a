// `memscope fit`'s verdict: what the program needs of a device's flash, RAM
// and heap, against the sizes the user gives. A budget is a maximum; a need
// equal to it fits.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace memscope::analysis {

// What is known of the program's needs; unset where nothing measured it.
struct FitNeeds {
    std::optional<std::uint64_t> flash_bytes;       // the binary's code, constants, data image
    std::optional<std::uint64_t> static_ram_bytes;  // the binary's data and zero-initialized data
    std::optional<std::uint64_t> heap_bytes;        // the target heap's most memory
    std::uint64_t stack_bytes = 0;                  // reserved by the user (--stack)
};

struct FitBudget {
    std::optional<std::uint64_t> flash_bytes;
    std::optional<std::uint64_t> ram_bytes;
    std::optional<std::uint64_t> heap_bytes;
};

struct FitPart {
    const char* what;  // "static data", "heap", "stack"
    std::uint64_t bytes;
};

struct FitOutcome {
    const char* option;  // "--ram"
    const char* what;    // "RAM"
    std::uint64_t need = 0;
    std::uint64_t budget = 0;
    std::vector<FitPart> parts;  // what the need adds up from, when more than one thing

    bool exceeded() const { return need > budget; }
};

// One outcome per budget that is set, in the order flash, RAM, heap. A
// budget whose need nothing measured is left out: the caller refuses it first
// (missing_need).
std::vector<FitOutcome> check_fit(const FitNeeds& needs, const FitBudget& budget);
// The option of a budget that is set while nothing measures its need, or
// nullptr: --flash needs a binary, --heap a trace, --ram either.
const char* missing_need(const FitNeeds& needs, const FitBudget& budget);

}  // namespace memscope::analysis
