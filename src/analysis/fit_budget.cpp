#include "analysis/fit_budget.h"

namespace memscope::analysis {

bool FitOutcome::lower_bound() const {
    for (const FitPart& part : parts)
        if (part.lower_bound || part.unbounded) return true;
    return false;
}

bool FitOutcome::unbounded() const {
    for (const FitPart& part : parts)
        if (part.unbounded) return true;
    return false;
}

std::vector<FitOutcome> check_fit(const FitNeeds& needs, const FitBudget& budget) {
    std::vector<FitOutcome> outcomes;
    if (budget.flash_bytes && needs.flash_bytes)
        outcomes.push_back(
            FitOutcome{"--flash", "flash", *needs.flash_bytes, *budget.flash_bytes, {}});
    if (budget.ram_bytes && (needs.static_ram_bytes || needs.heap_bytes || !needs.stacks.empty())) {
        FitOutcome ram{"--ram", "RAM", 0, *budget.ram_bytes, {}};
        if (needs.static_ram_bytes) ram.parts.push_back({"static data", *needs.static_ram_bytes});
        if (needs.heap_bytes) ram.parts.push_back({"heap", *needs.heap_bytes});
        for (const FitPart& stack : needs.stacks) ram.parts.push_back(stack);
        for (const FitPart& part : ram.parts) ram.need += part.bytes;
        outcomes.push_back(ram);
    }
    if (budget.heap_bytes && needs.heap_bytes)
        outcomes.push_back(FitOutcome{"--heap", "heap", *needs.heap_bytes, *budget.heap_bytes, {}});
    return outcomes;
}

std::optional<MissingNeed> missing_need(const FitNeeds& needs, const FitBudget& budget) {
    if (budget.flash_bytes && !needs.flash_bytes)
        return MissingNeed{"--flash", "--binary: flash holds the binary's code and constants"};
    if (budget.ram_bytes && !needs.static_ram_bytes && !needs.heap_bytes && needs.stacks.empty())
        return MissingNeed{"--ram", "a trace, a --binary or a --callgraph"};
    if (budget.heap_bytes && !needs.heap_bytes)
        return MissingNeed{"--heap", "a trace: the heap is what the program allocates"};
    return std::nullopt;
}

}  // namespace memscope::analysis
