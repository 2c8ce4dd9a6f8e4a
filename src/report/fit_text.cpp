#include <fmt/format.h>

#include "report/elf_footprint_text.h"
#include "report/fit_view.h"
#include "report/frame_text.h"
#include "report/text_table.h"
#include "report/trace_time.h"
#include "report/units.h"

namespace memscope::report {

namespace {

using Align = TextTable::Align;

std::string share(std::uint64_t part, std::uint64_t whole) {
    if (whole == 0) return "0.0%";
    return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string when(const analysis::TargetHeapMoment& m, std::uint64_t start_ns) {
    return "at " + format_duration(since_start(m.time_ns, start_ns));
}

std::string heap_text(const FitView& view, const FitHeapView& h, const TextStyle& style) {
    const analysis::TargetHeap& t = h.target;
    const auto& requested = t.requested_peak();
    const auto& footprint = t.footprint_peak();
    const auto& memory = t.memory_peak();
    std::string out = style.heading(fmt::format("Heap of {} on the target", h.trace)) + "\n";
    TextTable table({Align::kLeft, Align::kRight, Align::kLeft});
    table.add_row({"requested at its peak", format_bytes(requested.requested_bytes),
                   fmt::format("{}, {}", when(requested, h.start_ns),
                               plural(requested.blocks, "block", "blocks"))});
    table.add_row({"footprint at its peak", format_bytes(footprint.footprint()),
                   fmt::format("{}: +{} over its {} requested (headers, alignment, minimum "
                               "blocks)",
                               when(footprint, h.start_ns),
                               share(footprint.footprint() - footprint.requested_bytes,
                                     footprint.requested_bytes),
                               format_bytes(footprint.requested_bytes))});
    std::string arena =
        fmt::format("{}: arena {}", when(memory, h.start_ns), format_bytes(memory.arena_bytes));
    if (memory.holes != 0)
        arena += fmt::format(" with {} free in {} ({} of it; largest {})",
                             format_bytes(memory.hole_bytes), plural(memory.holes, "hole", "holes"),
                             share(memory.hole_bytes, memory.arena_bytes),
                             format_bytes(memory.largest_hole));
    if (memory.mapped_bytes != 0) arena += ", mappings " + format_bytes(memory.mapped_bytes);
    table.add_row({"heap memory at its peak", format_bytes(memory.memory()), arena});
    if (view.model.mmap_threshold != 0)
        table.add_row({"mapped blocks", format_count(t.mapped_blocks()),
                       fmt::format("threshold {} at the start, {} at the end",
                                   format_bytes(view.model.mmap_threshold),
                                   format_bytes(t.mmap_threshold()))});
    out += table.render("  ");
    if (!h.sites.empty()) {
        out += "  Allocator overhead at the footprint peak, by site:\n";
        TextTable sites({Align::kRight, Align::kRight, Align::kRight, Align::kLeft});
        sites.add_row({"overhead", "blocks", "mean request", "site"});
        for (const FitSite& site : h.sites)
            sites.add_row({format_bytes(site.overhead_bytes()), format_count(site.blocks),
                           format_bytes(site.requested_bytes / site.blocks), site.location});
        out += sites.render("    ");
    }
    if (!h.compared.empty()) {
        out += "  The same replay through every model, this target first:\n";
        TextTable models({Align::kLeft, Align::kRight, Align::kRight, Align::kRight});
        models.add_row({"model", "footprint peak", "heap memory peak", "in holes then"});
        auto row = [&models](const analysis::TargetHeap& heap) {
            const auto& most = heap.memory_peak();
            models.add_row({heap.model().name, format_bytes(heap.footprint_peak().footprint()),
                            format_bytes(most.memory()),
                            format_bytes(most.hole_bytes) + " (" +
                                share(most.hole_bytes, most.arena_bytes) + ")"});
        };
        row(h.target);
        for (const analysis::TargetHeap* other : h.compared) row(*other);
        out += models.render("    ");
    }
    if (h.map != nullptr && !h.map->used.empty()) {
        std::string cells;
        for (const double share : h.map->used)
            cells += share >= 0.999 ? '#' : share >= 0.5 ? '+' : share > 0.001 ? '-' : '.';
        out += fmt::format(
            "  Arena at the memory peak, {} cells of {} (# full, + half or more "
            "used, - less, . free):\n    {}\n",
            h.map->used.size(), format_bytes(h.map->cell_bytes), cells);
        if (!h.map->hole_sizes.empty()) {
            out += "  Holes by size:\n";
            TextTable holes({Align::kRight, Align::kRight, Align::kRight});
            for (const analysis::HoleSizeClass& c : h.map->hole_sizes)
                holes.add_row({fmt::format("{} to {}", format_bytes(c.min_bytes),
                                           format_bytes(2 * c.min_bytes)),
                               plural(c.holes, "hole", "holes"), format_bytes(c.bytes)});
            out += holes.render("    ");
        }
    }
    if (h.heap_limit != 0) {
        if (!t.overflow()) {
            out +=
                fmt::format("  A heap of {} holds every allocation.\n", format_bytes(h.heap_limit));
        } else {
            const analysis::HeapOverflow& o = *t.overflow();
            out +=
                style.warning(fmt::format(
                    "  A heap of {} is exhausted at {}: an allocation of {} on thread {} "
                    "needs {} of heap.",
                    format_bytes(h.heap_limit), format_duration(since_start(o.time_ns, h.start_ns)),
                    format_bytes(o.request_bytes), o.tid, format_bytes(o.memory_bytes))) +
                "\n";
            if (h.overflow_stack != nullptr && !h.overflow_stack->empty())
                out += stack_text(*h.overflow_stack, style, "    ");
        }
    }
    if (view.model.pointer_bits < 64)
        out += style.muted(
                   "  Requests are as recorded in a 64-bit build: structures holding pointers "
                   "are smaller on a 32-bit target, so these figures overstate them.") +
               "\n";
    if (h.truncated)
        out += style.warning(fmt::format("  The trace is truncated ({}); figures cover the "
                                         "recorded part only.",
                                         h.truncation_reason)) +
               "\n";
    return out;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

std::string stacks_text(const std::vector<callgraph::WorstCaseStack>& stacks,
                        const TextStyle& style) {
    std::string out =
        style.heading("Stack, worst case from the call graph (gcc -fcallgraph-info=su)") + "\n";
    for (const callgraph::WorstCaseStack& s : stacks) {
        const char* verdict = s.unbounded() ? "unbounded: this is one trip through the recursion"
                              : s.exact()   ? "exact for this call graph"
                                            : "at least this much";
        out += fmt::format("  {}: {} ({})\n", s.entry, format_bytes(s.bytes), verdict);
        TextTable path({Align::kLeft, Align::kRight, Align::kLeft});
        for (const callgraph::StackFrameOnPath& f : s.path)
            path.add_row({f.function, format_bytes(f.frame_bytes), f.location});
        if (s.red_zone_bytes != 0)
            path.add_row({"(red zone)", format_bytes(s.red_zone_bytes),
                          "the ABI's space below the deepest frame"});
        out += path.render("    ");
        if (!s.recursive.empty())
            out += style.warning("    recursion through " + joined(s.recursive)) + "\n";
        if (!s.indirect_callers.empty())
            out +=
                "    calls through pointers, not followed, in " + joined(s.indirect_callers) + "\n";
        if (!s.unknown_callees.empty())
            out +=
                "    called with no frame in the graph (add their .ci or count them in "
                "--stack): " +
                joined(s.unknown_callees) + "\n";
        if (!s.dynamic_frames.empty())
            out +=
                "    frames GCC could not bound (alloca, VLAs): " + joined(s.dynamic_frames) + "\n";
    }
    return out;
}

std::string outcome_line(const analysis::FitOutcome& o) {
    std::string line =
        fmt::format("{} {} of {}", o.what, format_bytes(o.need), format_bytes(o.budget));
    if (o.parts.size() > 1) {
        std::string sum;
        for (const analysis::FitPart& p : o.parts) {
            if (!sum.empty()) sum += " + ";
            sum += fmt::format("{} {}{}", p.what,
                               p.unbounded     ? "unbounded, "
                               : p.lower_bound ? "at least "
                                               : "",
                               format_bytes(p.bytes));
        }
        line += " (" + sum + ")";
    }
    return line;
}

}  // namespace

std::string fit_text(const FitView& view, const TextStyle& style) {
    std::string out;
    if (view.heap != nullptr)
        out += style.heading("Target: " + view.model.name) + "\n  " + view.model.description +
               "\n\n" + heap_text(view, *view.heap, style);
    if (view.stacks != nullptr) out += (out.empty() ? "" : "\n") + stacks_text(*view.stacks, style);
    if (view.binary != nullptr)
        out += (out.empty() ? "" : "\n") + elf_footprint_text(*view.binary, style);
    if (!view.outcomes.empty()) {
        out += "\n" + style.heading("Budget") + "\n";
        for (const analysis::FitOutcome& o : view.outcomes) {
            std::string verdict;
            if (o.unbounded())
                verdict = style.warning("cannot be shown to fit: a stack has no bound (recursion)");
            else if (o.exceeded())
                verdict = style.warning(fmt::format("over by {}", format_bytes(o.need - o.budget)));
            else
                verdict = fmt::format("fits, {} left", format_bytes(o.budget - o.need)) +
                          (o.lower_bound() ? " (the need is a lower bound: see the stack)" : "");
            out += "  " + outcome_line(o) + ": " + verdict + "\n";
        }
    }
    return out;
}

std::string fit_failures_text(const FitView& view, const TextStyle& style) {
    std::string out;
    for (const analysis::FitOutcome& o : view.outcomes)
        if (o.exceeded())
            out += style.warning(fmt::format("memscope: {} {} {} {}: {}", o.what,
                                             o.unbounded() ? "may exceed" : "exceeds", o.option,
                                             format_bytes(o.budget), outcome_line(o))) +
                   "\n";
    return out;
}

}  // namespace memscope::report
