#include "report/leaks_text.h"

#include <fmt/format.h>

#include "report/estimate_marks.h"
#include "report/frame_text.h"
#include "report/units.h"

namespace memscope::report {

std::string leaks_text(const analysis::LeakReport& r, const TextStyle& style) {
    std::string out;
    if (r.truncated) {
        out += style.warning("The trace is truncated (" + r.truncation_reason +
                             "): these blocks are still live when the trace ends, not "
                             "necessarily leaked, and the figures are incomplete.") +
               "\n\n";
    }
    if (r.leaks.empty()) {
        out += r.truncated ? "No heap block is live when the trace ends.\n"
                           : "No leaks: every heap block allocated during the trace was freed.\n";
        return out;
    }
    const char* what = r.truncated ? "Still live when the trace ends" : "Leaked";
    const std::string estimated = estimate_note(r.sample_rate_bytes);
    out += style.heading(fmt::format("{}: {} in {} from {}{}", what, format_bytes(r.leaked_bytes),
                                     plural(r.leaked_blocks, "block", "blocks"),
                                     plural(r.total_groups, "stack", "stacks"),
                                     estimated.empty() ? "" : ", " + estimated)) +
           "\n";
    if (r.leaks.size() < r.total_groups)
        out += fmt::format("showing the {} largest\n", r.leaks.size());
    for (std::size_t i = 0; i < r.leaks.size(); ++i) {
        const auto& l = r.leaks[i];
        out += fmt::format("\n  #{} {} in {}\n", i + 1, style.emphasis(format_bytes(l.bytes)),
                           plural(l.blocks, "block", "blocks"));
        out += stack_text(l.frames, style, "      ");
    }
    return out;
}

}  // namespace memscope::report
