// What `memscope fit` prints, in text or JSON: the target heap a trace needs,
// the binary's static footprint, and the verdict against the budgets. Times
// in the output are relative to the trace's start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/arena_map.h"
#include "analysis/fit_budget.h"
#include "analysis/symbolized_stack.h"
#include "analysis/target_heap.h"
#include "binary/elf_footprint.h"
#include "callgraph/worst_case_stack.h"
#include "report/text_style.h"

namespace memscope::report {

// The blocks of one allocation site (stacks merged by their site frame,
// analysis/allocation_site.h) at the footprint peak.
struct FitSite {
    std::string location;  // "function at file:line"
    std::uint64_t blocks = 0;
    std::uint64_t requested_bytes = 0;
    std::uint64_t footprint_bytes = 0;

    std::uint64_t overhead_bytes() const { return footprint_bytes - requested_bytes; }
};

struct FitHeapView {
    const analysis::TargetHeap& target;
    std::string trace;
    std::uint64_t start_ns = 0;
    std::uint64_t heap_limit = 0;  // --heap, 0 when not given
    // The stack of the first allocation beyond heap_limit, when there was one.
    const analysis::SymbolizedStack* overflow_stack = nullptr;
    // The sites whose blocks cost the most overhead at the footprint peak,
    // the most first.
    std::vector<FitSite> sites;
    // The same replay through other models (--compare), the target not among them.
    std::vector<const analysis::TargetHeap*> compared;
    // The arena at the heap memory peak (--map); nullptr when not asked for.
    const analysis::ArenaMap* map = nullptr;
    bool truncated = false;
    std::string truncation_reason;
};

struct FitView {
    const analysis::AllocatorModel& model;
    const FitHeapView* heap = nullptr;             // with a trace
    const binary::ElfFootprint* binary = nullptr;  // with --binary
    // Worst-case stacks of the call graph's entry points (--callgraph).
    const std::vector<callgraph::WorstCaseStack>* stacks = nullptr;
    std::uint64_t stack_reserve = 0;  // --stack
    std::vector<analysis::FitOutcome> outcomes;
};

nlohmann::ordered_json fit_json(const FitView& view);
// A model as fit's JSON and --list-targets --json describe it.
nlohmann::ordered_json allocator_model_json(const analysis::AllocatorModel& model);
std::string fit_text(const FitView& view, const TextStyle& style);
// One line per budget exceeded, for stderr; empty when everything fits.
std::string fit_failures_text(const FitView& view, const TextStyle& style);

}  // namespace memscope::report
