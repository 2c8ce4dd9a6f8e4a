#include "trace/aggregate_records.h"

#include "format/varint.h"

namespace memscope::trace {

namespace {

format::ByteCursor cursor_over(std::string_view fields) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(fields.data());
    return format::ByteCursor(p, p + fields.size());
}

}  // namespace

std::optional<SiteTotals> parse_site_totals(std::string_view fields) {
    format::ByteCursor in = cursor_over(fields);
    SiteTotals t;
    t.allocations = in.varint();
    t.allocated_bytes = in.varint();
    t.free_calls = in.varint();
    t.temporary = in.varint();
    t.peak_bytes = in.varint();
    t.peak_blocks = in.varint();
    t.leaked_bytes = in.varint();
    t.leaked_blocks = in.varint();
    if (in.failed()) return std::nullopt;
    return t;
}

std::optional<RunTotals> parse_run_totals(std::string_view fields) {
    format::ByteCursor in = cursor_over(fields);
    RunTotals t;
    t.peak_bytes = in.varint();
    t.peak_time_ns = in.varint();
    t.unknown_frees = in.varint();
    t.site_count = in.varint();
    if (in.failed()) return std::nullopt;
    return t;
}

}  // namespace memscope::trace
