#include "report/latency_json.h"

#include "report/frame_json.h"
#include "report/latency_verdict.h"

namespace memscope::report {

namespace {

nlohmann::ordered_json percentiles(const analysis::LatencyHistogram& h) {
    nlohmann::ordered_json j;
    j["count"] = h.count();
    j["p50_ns"] = h.quantile(0.5);
    j["p90_ns"] = h.quantile(0.9);
    j["p99_ns"] = h.quantile(0.99);
    j["p999_ns"] = h.quantile(0.999);
    j["p9999_ns"] = h.quantile(0.9999);
    j["max_ns"] = h.max_ns();
    return j;
}

nlohmann::ordered_json optional_number(const std::optional<std::uint64_t>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json latency_json(const std::string& trace, const analysis::CallLatency& latency,
                                    const std::vector<analysis::SymbolizedStack>& stacks) {
    nlohmann::ordered_json j;
    j["trace"] = trace;
    j["timing"] = latency.compact_timing() ? "compact" : "exact";
    j["slow_threshold_ns"] = latency.slow_threshold_ns();
    nlohmann::ordered_json functions = nlohmann::ordered_json::object();
    for (std::size_t f = 0; f < analysis::kLatencyFunctionCount; ++f)
        if (latency.function(f).count() > 0)
            functions[analysis::latency_function_name(f)] = percentiles(latency.function(f));
    j["functions"] = functions;
    nlohmann::ordered_json classes = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < analysis::kLatencySizeClassCount; ++c)
        if (latency.size_class(c).count() > 0)
            classes[analysis::latency_size_class_name(c)] = percentiles(latency.size_class(c));
    j["size_classes"] = classes;
    nlohmann::ordered_json threads = nlohmann::ordered_json::array();
    for (const auto& [tid, h] : latency.threads()) {
        nlohmann::ordered_json t;
        t["tid"] = tid;
        t.update(percentiles(*h));
        threads.push_back(t);
    }
    j["threads"] = threads;
    nlohmann::ordered_json outliers = nlohmann::ordered_json::array();
    const std::vector<analysis::SlowCall> slowest = latency.slowest();
    for (std::size_t i = 0; i < slowest.size(); ++i) {
        const analysis::SlowCall& s = slowest[i];
        nlohmann::ordered_json o;
        o["function"] = analysis::latency_function_name(s.function);
        o["duration_ns"] = s.duration_ns;
        o["time_ns"] = s.time_ns;
        o["size"] = s.size;
        o["tid"] = s.tid;
        o["rss_before_bytes"] = optional_number(s.rss_before_bytes);
        o["rss_after_bytes"] = optional_number(s.rss_after_bytes);
        o["memory_stall_us"] = optional_number(s.memory_stall_us);
        o["own_mapping"] = s.own_mapping;
        o["brk_delta_bytes"] = s.brk_delta;
        o["minor_faults"] = s.minor_faults;
        o["major_faults"] = s.major_faults;
        o["arena_heap_delta_bytes"] = s.arena_heap_delta;
        o["stack"] = i < stacks.size() ? stack_json(stacks[i]) : nlohmann::ordered_json::array();
        outliers.push_back(o);
    }
    j["outliers"] = outliers;
    nlohmann::ordered_json verdicts = nlohmann::ordered_json::array();
    for (const analysis::SlowCallClass& c : latency.slow_classes()) {
        nlohmann::ordered_json v;
        v["function"] = analysis::latency_function_name(c.function);
        v["size_class"] = analysis::latency_size_class_name(c.size_class);
        v["count"] = c.count;
        v["calls"] = c.calls_in_class;
        v["mean_ns"] = c.mean_ns();
        v["max_ns"] = c.max_ns;
        v["min_size"] = c.min_size;
        v["max_size"] = c.max_size;
        v["own_mappings"] = c.own_mappings;
        v["brk_moves"] = c.brk_moves;
        v["brk_delta_bytes"] = c.brk_bytes;
        v["minor_faults"] = c.minor_faults;
        v["major_faults"] = c.major_faults;
        v["arena_grows"] = c.arena_grows;
        v["arena_grown_bytes"] = c.arena_grown_bytes;
        v["arena_trims"] = c.arena_trims;
        v["arena_returned_bytes"] = c.arena_returned_bytes;
        v["verdict"] = latency_verdict(c);
        verdicts.push_back(v);
    }
    j["outlier_classes"] = verdicts;
    return j;
}

}  // namespace memscope::report
