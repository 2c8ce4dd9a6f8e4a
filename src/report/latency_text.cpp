#include "report/latency_text.h"

#include <fmt/format.h>

#include "report/frame_text.h"
#include "report/latency_verdict.h"
#include "report/units.h"

namespace memscope::report {

namespace {

std::string table_header(const char* first) {
    return fmt::format("  {:<16} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", first,
                       "calls", "p50", "p90", "p99", "p99.9", "p99.99", "max");
}

std::string table_row(const std::string& name, const analysis::LatencyHistogram& h) {
    return fmt::format("  {:<16} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", name,
                       format_count(h.count()), format_duration(h.quantile(0.5)),
                       format_duration(h.quantile(0.9)), format_duration(h.quantile(0.99)),
                       format_duration(h.quantile(0.999)), format_duration(h.quantile(0.9999)),
                       format_duration(h.max_ns()));
}

std::string around_text(const analysis::SlowCall& s) {
    std::string out;
    if (s.rss_before_bytes || s.rss_after_bytes) {
        const std::string b = s.rss_before_bytes ? format_bytes(*s.rss_before_bytes) : "?";
        const std::string a = s.rss_after_bytes ? format_bytes(*s.rss_after_bytes) : "?";
        out += fmt::format(", RSS {} -> {}", b, a);
    }
    if (s.own_mapping)
        out += s.function == analysis::kLatencyFree ? ", unmapped its block" : ", mapped its block";
    if (s.brk_delta != 0)
        out += fmt::format(
            ", break {}{}", s.brk_delta < 0 ? "-" : "+",
            format_bytes(static_cast<std::uint64_t>(s.brk_delta < 0 ? -s.brk_delta : s.brk_delta)));
    if (s.arena_heap_delta > 0)
        out += fmt::format(", thread arena heap +{}",
                           format_bytes(static_cast<std::uint64_t>(s.arena_heap_delta)));
    if (s.arena_heap_delta < 0)
        out += fmt::format(", thread arena heap gave {} back",
                           format_bytes(static_cast<std::uint64_t>(-s.arena_heap_delta)));
    if (s.minor_faults + s.major_faults > 0)
        out += fmt::format(", {} page faults", s.minor_faults + s.major_faults);
    if (s.memory_stall_us && *s.memory_stall_us > 0)
        out += fmt::format(", memory stall {}", format_duration(*s.memory_stall_us * 1000));
    return out;
}

}  // namespace

std::string latency_text(const analysis::CallLatency& latency,
                         const std::vector<analysis::SymbolizedStack>& stacks, std::size_t outliers,
                         const TextStyle& style) {
    std::string out;
    out += style.heading("Allocator call latency") + "\n";
    out += latency.compact_timing()
               ? fmt::format(
                     "compact timing: percentiles from the trace's duration histograms "
                     "(within ~3%); calls of {} or more carry exact durations\n",
                     format_duration(latency.slow_threshold_ns()))
               : fmt::format(
                     "exact timing: every call's duration; calls of {} or more count as "
                     "slow\n",
                     format_duration(latency.slow_threshold_ns()));
    out += "\n" + table_header("function");
    bool any = false;
    for (std::size_t f = 0; f < analysis::kLatencyFunctionCount; ++f) {
        if (latency.function(f).count() == 0) continue;
        out += table_row(analysis::latency_function_name(f), latency.function(f));
        any = true;
    }
    if (!any) return out + "  (no timed calls)\n";
    out += "\n" + table_header("size class");
    for (std::size_t c = 0; c < analysis::kLatencySizeClassCount; ++c)
        if (latency.size_class(c).count() > 0)
            out += table_row(analysis::latency_size_class_name(c), latency.size_class(c));
    out +=
        "  (tiny <= 64 B, small <= 1 KiB, medium <= 64 KiB, large above; frees by the size "
        "of the block freed)\n";
    out += "\n" + table_header("thread");
    for (const auto& [tid, h] : latency.threads()) out += table_row(std::to_string(tid), *h);

    const std::vector<analysis::SlowCallClass> classes = latency.slow_classes();
    out += "\n" + style.heading("Slow calls") + "\n";
    if (classes.empty()) {
        out += fmt::format("  none reached {}\n", format_duration(latency.slow_threshold_ns()));
        return out;
    }
    for (const analysis::SlowCallClass& c : classes) out += "  - " + latency_verdict(c) + "\n";

    const std::vector<analysis::SlowCall> slowest = latency.slowest();
    const std::size_t shown = std::min(outliers, slowest.size());
    if (shown == 0) return out;
    out += "\n" + style.heading(fmt::format("The {} slowest calls", shown)) + "\n";
    out += style.muted(
               "  (time since the recorder started; RSS: the samples before and after; memory "
               "stall: time the system's tasks waited for memory in between, from "
               "/proc/pressure/memory)") +
           "\n";
    for (std::size_t i = 0; i < shown; ++i) {
        const analysis::SlowCall& s = slowest[i];
        out += fmt::format("  #{} {} {} of {} on thread {} at {}{}\n", i + 1,
                           style.emphasis(format_duration(s.duration_ns)),
                           analysis::latency_function_name(s.function),
                           s.size == 0 ? "?" : format_bytes(s.size), s.tid,
                           format_duration(s.time_ns), around_text(s));
        if (i < stacks.size() && !stacks[i].empty()) {
            if (s.function == analysis::kLatencyFree) out += "      block allocated at:\n";
            out += stack_text(stacks[i], style, "      ");
        }
    }
    return out;
}

}  // namespace memscope::report
