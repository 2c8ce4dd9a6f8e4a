// `memscope fit [TRACE] [--binary ELF] [--target MODEL] [--ram/--flash/--heap
// SIZE]`: will the program fit on a device? The trace's blocks are replayed
// through the target's allocator model; the binary gives the static
// footprint; budgets make it a gate (exit 1 when over). docs/fit.md.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/allocator_model.h"
#include "analysis/byte_size.h"
#include "analysis/fit_budget.h"
#include "analysis/target_heap_pass.h"
#include "binary/elf_footprint.h"
#include "callgraph/worst_case_stack.h"
#include "cli/analysis_options.h"
#include "cli/command_registry.h"
#include "cli/fit_allocator_choice.h"
#include "cli/fit_heap.h"
#include "cli/fit_stacks.h"
#include "cli/output.h"
#include "cli/size_validators.h"
#include "cli/trace_session.h"
#include "report/fit_view.h"

namespace memscope::cli {

namespace {

constexpr int kExitFits = 0;
constexpr int kExitOverBudget = 1;
constexpr int kExitUsage = 2;

struct FitOptions {
    AnalysisOptions common;  // common.trace may be empty: --binary alone
    std::string binary;
    AllocatorChoice allocator;
    std::string ram;
    std::string flash;
    std::string heap;
    std::string stack;
    std::vector<std::string> callgraphs;
    std::vector<std::string> entries;
    std::optional<std::uint64_t> red_zone;
    std::size_t sites = 5;
    std::size_t map_cells = 0;  // --map: 0 when not asked for
    bool list_targets = false;
    bool compare = false;
};

std::optional<std::uint64_t> size_option(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return analysis::parse_byte_size(text);
}

int run_fit(const FitOptions& o) {
    if (o.list_targets) {
        print_allocator_models(o.common.json);
        return kExitFits;
    }
    if (o.common.trace.empty() && o.binary.empty() && o.callgraphs.empty()) {
        fmt::print(stderr,
                   "memscope: error: fit needs a trace, a --binary or a --callgraph (or more)\n");
        return kExitUsage;
    }
    const auto model = chosen_allocator_model(o.allocator);
    if (!model) return kExitUsage;

    analysis::FitBudget budget{size_option(o.flash), size_option(o.ram), size_option(o.heap)};
    analysis::FitNeeds needs;
    const std::uint64_t stack_reserve = size_option(o.stack).value_or(0);

    if (stack_reserve != 0) needs.stacks.push_back({"stack reserve", stack_reserve});

    std::optional<binary::ElfFootprint> elf;
    if (!o.binary.empty()) {
        try {
            elf = binary::read_elf_footprint(o.binary);
        } catch (const binary::BinaryError& e) {
            fmt::print(stderr, "memscope: error: {}\n", e.what());
            return kExitUsage;
        }
        needs.flash_bytes = elf->flash_bytes;
        needs.static_ram_bytes = elf->ram_bytes;
    }

    std::optional<std::vector<callgraph::WorstCaseStack>> stacks;
    if (!o.callgraphs.empty()) {
        stacks = worst_case_stacks(o.callgraphs, o.entries,
                                   red_zone_bytes(o.red_zone, elf ? &*elf : nullptr));
        if (!stacks) return kExitUsage;
        for (const callgraph::WorstCaseStack& s : *stacks)
            needs.stacks.push_back({"stack of " + s.entry, s.bytes, !s.exact(), s.unbounded()});
    } else if (!o.entries.empty()) {
        fmt::print(stderr,
                   "memscope: error: --entry needs --callgraph: the entry points' "
                   "stacks come from GCC's call graphs\n");
        return kExitUsage;
    }

    std::unique_ptr<analysis::TargetHeapPass> pass;
    std::unique_ptr<TraceSession> session;
    if (!o.common.trace.empty()) {
        if (!trace_has_blocks(o.common.trace)) return kExitUsage;
        std::vector<analysis::AllocatorModel> models{*model};
        if (o.compare)
            for (const analysis::AllocatorModel& other : analysis::known_allocator_models())
                if (other.name != model->name) models.push_back(other);
        pass = std::make_unique<analysis::TargetHeapPass>(models);
        if (budget.heap_bytes) pass->limit_heap(*budget.heap_bytes);
        session = std::make_unique<TraceSession>(o.common, pass.get());
        needs.heap_bytes = pass->target().memory_peak().memory();
    }
    if (const auto missing = analysis::missing_need(needs, budget)) {
        fmt::print(stderr, "memscope: error: {} needs {}\n", missing->option, missing->needs);
        return kExitUsage;
    }

    std::optional<report::FitHeapView> heap_view;
    std::optional<analysis::ArenaMap> map;
    if (pass) {
        const analysis::TargetHeap& target = pass->target();
        heap_view.emplace(
            report::FitHeapView{.target = target,
                                .trace = session->path(),
                                .start_ns = session->reader().header().start_monotonic_ns,
                                .heap_limit = budget.heap_bytes.value_or(0),
                                .overflow_stack = nullptr,
                                .sites = {},
                                .compared = {},
                                .map = nullptr,
                                .truncated = session->reader().truncated(),
                                .truncation_reason = session->reader().truncation_reason()});
        if (target.overflow() && target.overflow()->stack != 0)
            heap_view->overflow_stack = &session->stacks().stack(target.overflow()->stack);
        heap_view->sites = overhead_sites(target, *session, o.sites);
        for (std::size_t i = 1; i < pass->targets().size(); ++i)
            heap_view->compared.push_back(pass->targets()[i].get());
        if (o.map_cells != 0) {
            map = arena_at_memory_peak(o.common.trace, *model, target, o.map_cells);
            if (map) heap_view->map = &*map;
        }
        session->print_symbol_warnings();
    }
    const report::FitView view{*model,
                               heap_view ? &*heap_view : nullptr,
                               elf ? &*elf : nullptr,
                               stacks ? &*stacks : nullptr,
                               stack_reserve,
                               analysis::check_fit(needs, budget)};
    if (o.common.json)
        print_json(report::fit_json(view));
    else
        print_text(report::fit_text(view, report::TextStyle::for_stream(1)));
    const std::string failures = report::fit_failures_text(view, report::TextStyle::for_stream(2));
    std::fputs(failures.c_str(), stderr);
    return failures.empty() ? kExitFits : kExitOverBudget;
}

}  // namespace

void register_fit_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<FitOptions>();
    CLI::App* sub = app.add_subcommand(
        "fit", "Will it fit on the device? Heap on a target allocator, static footprint, budgets");
    sub->add_option("trace", options->common.trace, "Trace file written by `memscope run`")
        ->type_name("TRACE");
    sub->add_option("--binary", options->binary,
                    "ELF file whose flash and static RAM to count (any architecture)")
        ->type_name("ELF");
    CLI::Option* target =
        sub->add_option("--target", options->allocator.target,
                        "Allocator model the heap is replayed through (default glibc-x86_64; "
                        "see --list-targets)")
            ->type_name("MODEL");
    sub->add_option("--header", options->allocator.header_bytes,
                    "Custom allocator: bytes of header a block")
        ->type_name("N");
    sub->add_option("--alignment", options->allocator.alignment,
                    "Custom allocator: block alignment")
        ->type_name("N");
    sub->add_option("--min-block", options->allocator.min_block_bytes,
                    "Custom allocator: smallest block, header included")
        ->type_name("N");
    sub->add_option("--placement", options->allocator.placement,
                    "Custom allocator: which hole a block goes to, the smallest that holds it "
                    "(best, the default) or the lowest (first)")
        ->check(CLI::IsMember({"best", "first"}))
        ->type_name("best|first");
    sub->add_option("--ram", options->ram, "RAM for static data, heap and stack (e.g. 256KiB)")
        ->check(size_validator())
        ->type_name("SIZE");
    sub->add_option("--flash", options->flash, "Flash for the binary's code and data")
        ->check(size_validator())
        ->type_name("SIZE");
    sub->add_option("--heap", options->heap,
                    "Size of a fixed heap: say where the first allocation would fail")
        ->check(size_validator())
        ->type_name("SIZE");
    sub->add_option("--stack", options->stack, "Stack to reserve in the RAM budget")
        ->check(size_validator())
        ->type_name("SIZE");
    sub->add_option("--callgraph", options->callgraphs,
                    "GCC call graph (-fcallgraph-info=su): a .ci file or a directory of them "
                    "(repeatable); gives the worst-case stack")
        ->type_name("PATH")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub->add_option("--entry", options->entries,
                    "Entry point whose stack to count (repeatable: a thread's or task's function, "
                    "an interrupt handler; default main)")
        ->type_name("FUNCTION")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub->add_option("--red-zone", options->red_zone,
                    "Bytes a leaf function may use below its stack pointer (default 128 for "
                    "x86-64, from --binary's architecture or this machine's; 0 elsewhere)")
        ->type_name("N");
    sub->add_option("--map", options->map_cells,
                    "Also map the arena at the heap memory peak in N cells, with its holes by "
                    "size (reads the trace twice)")
        ->type_name("N")
        ->expected(0, 1)
        ->default_str("64");
    sub->add_option("--sites", options->sites,
                    "Sites listed by allocator overhead at the footprint peak (default 5; 0: all)")
        ->type_name("N");
    sub->add_flag("--compare", options->compare,
                  "Also replay the heap through every other model and compare their peaks");
    sub->add_flag("--list-targets", options->list_targets, "List the allocator models");
    sub->add_flag("--json", options->common.json, "Print one JSON object instead of text");
    add_symbol_options(*sub, options->common);
    sub->callback([options, target, &chosen] {
        options->allocator.target_given = target->count() > 0;
        chosen = [options] { return run_fit(*options); };
    });
}

}  // namespace memscope::cli
