#include "report/export_sites_table.h"

#include <fmt/format.h>

#include "analysis/allocation_site.h"
#include "report/estimate_marks.h"
#include "report/frame_json.h"

namespace memscope::report {

namespace {

std::string stack_text(const analysis::SymbolizedStack& stack) {
    std::string out;
    for (const auto& f : stack) {
        if (!out.empty()) out += " <- ";
        out += f.symbol.to_string();
        if (f.symbol.inlined) out += " (inlined)";
    }
    return out;
}

}  // namespace

nlohmann::ordered_json sites_table_json(const analysis::StackMetricsTable& table,
                                        const std::string& trace) {
    nlohmann::ordered_json sites = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
        sites.push_back({
            {"location", analysis::site_location(analysis::site_frame(row.stack))},
            {"peak_bytes", row.peak_bytes},
            {"peak_blocks", row.peak_blocks},
            {"leaked_bytes", row.leaked_bytes},
            {"leaked_blocks", row.leaked_blocks},
            {"allocated_bytes", row.allocated_bytes},
            {"allocations", row.allocations},
            {"temporary", row.temporary},
            {"stack", stack_json(row.stack)},
        });
    }
    const auto& t = table.totals;
    nlohmann::ordered_json out{
        {"trace", trace},
        {"truncated", table.truncated},
        {"truncation_reason", table.truncation_reason},
        {"totals",
         {
             {"peak_heap_bytes", t.peak_heap_bytes},
             {"leaked_bytes", t.leaked_bytes},
             {"leaked_blocks", t.leaked_blocks},
             {"allocated_bytes", t.allocated_bytes},
             {"allocation_calls", t.allocation_calls},
             {"temporary_allocations", t.temporary_allocations},
         }},
        {"sites", std::move(sites)},
    };
    add_estimate_fields(out, table.sample_rate_bytes);
    return out;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string sites_table_csv(const analysis::StackMetricsTable& table) {
    std::string out =
        "location,peak_bytes,peak_blocks,leaked_bytes,leaked_blocks,allocated_bytes,allocations,"
        "temporary,stack\n";
    for (const auto& row : table.rows) {
        out += fmt::format("{},{},{},{},{},{},{},{},{}\n",
                           csv_field(analysis::site_location(analysis::site_frame(row.stack))),
                           row.peak_bytes, row.peak_blocks, row.leaked_bytes, row.leaked_blocks,
                           row.allocated_bytes, row.allocations, row.temporary,
                           csv_field(stack_text(row.stack)));
    }
    return out;
}

}  // namespace memscope::report
