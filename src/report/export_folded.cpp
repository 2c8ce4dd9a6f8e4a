#include "report/export_folded.h"

#include <fmt/format.h>

#include <map>

#include "report/export_frame_name.h"

namespace memscope::report {

namespace {

std::string folded_frame(const symbols::Frame& frame) {
    std::string name = export_frame_name(frame);
    for (char& c : name) {
        if (c == ';') c = ':';
        if (c == '\n' || c == '\r') c = ' ';
    }
    return name;
}

std::string folded_stack(const analysis::SymbolizedStack& stack) {
    if (stack.empty()) return kNoStackFrameName;
    std::string line;
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
        if (!line.empty()) line += ';';
        line += folded_frame(it->symbol);
    }
    return line;
}

}  // namespace

std::string folded_stacks(const analysis::StackMetricsTable& table, analysis::SiteMetric metric) {
    // Sorted output: tools expect nothing in particular, diffs of two exports read better.
    std::map<std::string, std::uint64_t> lines;
    for (const auto& row : table.rows) {
        const std::uint64_t value = row.value(metric);
        if (value != 0) lines[folded_stack(row.stack)] += value;
    }
    std::string out;
    for (const auto& [stack, value] : lines) out += fmt::format("{} {}\n", stack, value);
    return out;
}

}  // namespace memscope::report
