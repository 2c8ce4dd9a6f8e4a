#include "analysis/fit_budget.h"

namespace memscope::analysis {

std::vector<FitOutcome> check_fit(const FitNeeds& needs, const FitBudget& budget) {
    std::vector<FitOutcome> outcomes;
    if (budget.flash_bytes && needs.flash_bytes)
        outcomes.push_back(
            FitOutcome{"--flash", "flash", *needs.flash_bytes, *budget.flash_bytes, {}});
    if (budget.ram_bytes && (needs.static_ram_bytes || needs.heap_bytes)) {
        FitOutcome ram{"--ram", "RAM", 0, *budget.ram_bytes, {}};
        if (needs.static_ram_bytes) ram.parts.push_back({"static data", *needs.static_ram_bytes});
        if (needs.heap_bytes) ram.parts.push_back({"heap", *needs.heap_bytes});
        if (needs.stack_bytes != 0) ram.parts.push_back({"stack", needs.stack_bytes});
        for (const FitPart& part : ram.parts) ram.need += part.bytes;
        outcomes.push_back(ram);
    }
    if (budget.heap_bytes && needs.heap_bytes)
        outcomes.push_back(FitOutcome{"--heap", "heap", *needs.heap_bytes, *budget.heap_bytes, {}});
    return outcomes;
}

const char* missing_need(const FitNeeds& needs, const FitBudget& budget) {
    if (budget.flash_bytes && !needs.flash_bytes) return "--flash";
    if (budget.ram_bytes && !needs.static_ram_bytes && !needs.heap_bytes) return "--ram";
    if (budget.heap_bytes && !needs.heap_bytes) return "--heap";
    return nullptr;
}

}  // namespace memscope::analysis
