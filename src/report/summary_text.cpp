#include "report/summary_text.h"

#include <fmt/format.h>

#include "report/estimate_marks.h"
#include "report/exit_text.h"
#include "report/frame_text.h"
#include "report/text_table.h"
#include "report/units.h"

namespace memscope::report {

namespace {

using Align = TextTable::Align;

std::string joined_command(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& a : args) {
        if (!out.empty()) out += ' ';
        out += a;
    }
    return out;
}

std::string share(std::uint64_t part, std::uint64_t whole) {
    if (whole == 0) return "";
    return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

}  // namespace

std::string summary_text(const analysis::Summary& s, const TextStyle& style) {
    std::string out;
    out += style.heading("memscope summary") + " of " + s.trace_path + "\n";

    TextTable about({Align::kLeft, Align::kLeft});
    about.add_row({"command", joined_command(s.command_line)});
    about.add_row({"pid", fmt::format("{} ({} mode)", s.pid, s.mode)});
    about.add_row({"duration", format_duration(s.duration_ns)});
    about.add_row({"ended", exit_text(s.exit_kind, s.exit_value)});
    about.add_row({"threads", format_count(s.threads)});

    const std::string estimated = estimate_note(s.sample_rate_bytes);
    if (!estimated.empty()) about.add_row({"figures", estimated});
    out += about.render("  ");

    out += "\n" + style.heading(estimated.empty() ? "Heap" : "Heap, " + estimated) + "\n";
    TextTable heap({Align::kLeft, Align::kRight, Align::kLeft});
    heap.add_row({"peak heap", format_bytes(s.peak_heap_bytes),
                  "at " + format_duration(s.peak_heap_time_ns)},
                 {"peak heap", style.emphasis(format_bytes(s.peak_heap_bytes))});
    heap.add_row({"allocation calls", format_count(s.allocation_calls), ""});
    heap.add_row({"allocated", format_bytes(s.allocated_bytes), ""});
    heap.add_row({"free calls", format_count(s.free_calls), ""});
    heap.add_row({"temporary allocations", format_count(s.temporary_allocations),
                  share(s.temporary_allocations, s.allocation_calls) + " of calls"});
    heap.add_row({s.truncated ? "live at trace end" : "leaked", format_bytes(s.leaked_bytes),
                  "in " + plural(s.leaked_blocks, "block", "blocks")});
    if (s.unknown_frees > 0)
        heap.add_row({"unknown frees", format_count(s.unknown_frees),
                      "blocks allocated before tracing; ignored"});
    out += heap.render("  ");

    out += "\n" + style.heading("Memory") + "\n";
    TextTable memory({Align::kLeft, Align::kRight, Align::kLeft});
    memory.add_row({"peak RSS", format_bytes(s.peak_rss_bytes), ""});
    memory.add_row({"mmap calls", format_count(s.mmap.calls),
                    format_bytes(s.mmap.mapped_bytes) + " mapped in total"});
    memory.add_row({"mmap peak", format_bytes(s.mmap.peak_bytes), ""});
    memory.add_row({"still mapped", format_bytes(s.mmap.live_bytes), "at the end"});
    out += memory.render("  ");

    if (!s.peak_heap_stacks.empty()) {
        out += "\n" +
               style.heading(fmt::format("Stacks holding the most at the peak ({}{})",
                                         format_bytes(s.peak_heap_bytes),
                                         estimated.empty() ? "" : ", " + estimated)) +
               "\n";
        for (std::size_t i = 0; i < s.peak_heap_stacks.size(); ++i) {
            const auto& st = s.peak_heap_stacks[i];
            out += fmt::format(
                "  #{} {} ({}) in {}\n", i + 1, style.emphasis(format_bytes(st.bytes)),
                share(st.bytes, s.peak_heap_bytes), plural(st.blocks, "block", "blocks"));
            out += stack_text(st.frames, style, "      ");
        }
    }

    if (s.lost_events > 0) {
        out += "\n" +
               style.warning(fmt::format("{} events were lost by the recorder; figures "
                                         "are approximate.",
                                         format_count(s.lost_events))) +
               "\n";
    }
    if (s.truncated) {
        out += "\n" +
               style.warning("The trace is truncated (" + s.truncation_reason +
                             "): figures cover the recorded part only.") +
               "\n";
    }
    return out;
}

}  // namespace memscope::report
