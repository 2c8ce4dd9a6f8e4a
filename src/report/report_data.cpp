#include "report/report_data.h"

#include <unordered_map>

#include "analysis/call_latency.h"
#include "analysis/size_histogram.h"
#include "report/estimate_marks.h"
#include "report/summary_json.h"

namespace memscope::report {

namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kPruneDivisor = 10000;

json series_json(const analysis::DownsampledSeries& series) {
    json times = json::array();
    json values = json::array();
    for (const analysis::SeriesPoint& p : series.points()) {
        times.push_back(p.time_ns);
        values.push_back(p.value);
    }
    return json{{"t", std::move(times)}, {"v", std::move(values)}};
}

json latency_histogram_json(const char* name, const analysis::LatencyHistogram& h) {
    json buckets = json::array();
    for (const auto& b : h.non_empty_buckets()) buckets.push_back({b.low_ns, b.high_ns, b.count});
    return json{
        {"name", name},
        {"count", h.count()},
        {"min_ns", h.min_ns()},
        {"mean_ns", h.count() == 0 ? 0 : h.sum_ns() / h.count()},
        {"p50_ns", h.quantile(0.50)},
        {"p90_ns", h.quantile(0.90)},
        {"p99_ns", h.quantile(0.99)},
        {"p999_ns", h.quantile(0.999)},
        {"max_ns", h.max_ns()},
        {"buckets", std::move(buckets)},
    };
}

// The `memscope latency` histograms: per allocator function and per size
// class of the heap calls, those with at least one timed call.
json page_latency_json(const analysis::CallLatency& latency) {
    json functions = json::array();
    for (std::size_t f = 0; f < analysis::kLatencyFunctionCount; ++f)
        if (latency.function(f).count() > 0)
            functions.push_back(
                latency_histogram_json(analysis::latency_function_name(f), latency.function(f)));
    json classes = json::array();
    for (std::size_t c = 0; c < analysis::kLatencySizeClassCount; ++c)
        if (latency.size_class(c).count() > 0)
            classes.push_back(latency_histogram_json(analysis::latency_size_class_name(c),
                                                     latency.size_class(c)));
    return json{{"timing", latency.compact_timing() ? "compact" : "exact"},
                {"slow_threshold_ns", latency.slow_threshold_ns()},
                {"functions", std::move(functions)},
                {"size_classes", std::move(classes)}};
}

json sizes_json(const analysis::SizeHistogram& sizes) {
    json buckets = json::array();
    for (std::size_t i = 0; i < analysis::SizeHistogram::kBuckets; ++i) {
        const analysis::CountAndBytes& b = sizes.buckets()[i];
        if (b.count == 0) continue;
        buckets.push_back({{"min_bytes", analysis::SizeHistogram::bucket_floor(i)},
                           {"count", b.count},
                           {"bytes", b.bytes}});
    }
    constexpr std::uint64_t kClassMax[] = {analysis::kTinyMaxBytes, analysis::kSmallMaxBytes,
                                           analysis::kMediumMaxBytes, 0};
    json classes = json::array();
    for (std::size_t i = 0; i < analysis::kSizeClassCount; ++i) {
        const analysis::CountAndBytes& c = sizes.classes()[i];
        classes.push_back({{"name", analysis::size_class_name(static_cast<analysis::SizeClass>(i))},
                           {"max_bytes", kClassMax[i]},
                           {"count", c.count},
                           {"bytes", c.bytes}});
    }
    return json{{"log2", std::move(buckets)}, {"classes", std::move(classes)}};
}

json timeline_json(const analysis::Summary& s, const analysis::ReportFigures& f) {
    json phases = json::array();
    for (const analysis::PhaseSpan& p : f.phases().spans()) {
        phases.push_back({{"name", p.name},
                          {"tid", p.tid},
                          {"depth", p.depth},
                          {"begin_ns", p.begin_ns},
                          {"end_ns", p.end_ns}});
    }
    return json{
        {"duration_ns", s.duration_ns},
        {"heap", series_json(f.heap_series())},
        {"rss", series_json(f.rss_series())},
        {"mmap", series_json(f.mmap_series())},
        {"peak", {{"time_ns", s.peak_heap_time_ns}, {"bytes", s.peak_heap_bytes}}},
        {"phases", std::move(phases)},
        {"phases_dropped", f.phases().dropped()},
    };
}

json sites_json(const analysis::SiteRanking& r) {
    json sites = json::array();
    for (const analysis::Site& s : r.sites) {
        sites.push_back({{"location", s.location},
                         {"function", s.function},
                         {"file", s.file},
                         {"line", s.line},
                         {"module", s.module},
                         {"peak_bytes", s.peak_bytes},
                         {"leaked_bytes", s.leaked_bytes},
                         {"allocations", s.allocations},
                         {"allocated_bytes", s.allocated_bytes},
                         {"temporary", s.temporary}});
    }
    return json{{"total", r.total_sites}, {"rows", std::move(sites)}};
}

json leaks_json(const analysis::LeakReport& r) {
    json groups = json::array();
    for (const analysis::StackShare& share : r.leaks) {
        json frames = json::array();
        for (const analysis::ResolvedFrame& f : share.frames)
            frames.push_back(f.symbol.to_string());
        groups.push_back(
            {{"bytes", share.bytes}, {"blocks", share.blocks}, {"frames", std::move(frames)}});
    }
    return json{{"bytes", r.leaked_bytes},
                {"blocks", r.leaked_blocks},
                {"total_groups", r.total_groups},
                {"groups", std::move(groups)}};
}

json threads_json(const analysis::ThreadFigures& figures,
                  const std::map<std::uint32_t, trace::ThreadInfo>& names) {
    json rows = json::array();
    for (const auto& [tid, t] : figures.threads()) {
        const auto named = names.find(tid);
        rows.push_back({{"tid", tid},
                        {"name", named == names.end() ? std::string() : named->second.name},
                        {"allocations", t.allocations},
                        {"allocated_bytes", t.allocated_bytes},
                        {"frees", t.frees},
                        {"freed_bytes", t.freed_bytes},
                        {"peak_bytes", figures.bytes_at_peak(t)},
                        {"leaked_bytes", t.live_bytes}});
    }
    return rows;
}

class TreeWriter {
  public:
    explicit TreeWriter(const analysis::StackTree& tree) : tree_(tree) {}

    json write() {
        json root = node(0);
        json metrics = json::array();
        for (const analysis::SiteMetric m : analysis::kAllSiteMetrics)
            metrics.push_back(analysis::site_metric_name(m));
        json out{
            {"metrics", std::move(metrics)}, {"kinds", kinds()}, {"modules", std::move(modules_)},
            {"files", std::move(files_)},    {"nodes", nodes_},  {"pruned", pruned_},
            {"root", std::move(root)}};
        add_estimate_fields(out, tree_.sample_rate_bytes());
        return out;
    }

  private:
    static json kinds() {
        json k = json::array();
        for (const auto kind :
             {analysis::FrameKind::kRoot, analysis::FrameKind::kProgram,
              analysis::FrameKind::kLibrary, analysis::FrameKind::kStandardLibrary,
              analysis::FrameKind::kAllocator, analysis::FrameKind::kUnresolved})
            k.push_back(analysis::frame_kind_name(kind));
        return k;
    }

    bool kept(const analysis::StackTreeNode& n) const {
        const analysis::StackTreeNode& root = tree_.root();
        for (std::size_t i = 0; i < analysis::kSiteMetricCount; ++i)
            if (n.totals[i] != 0 && n.totals[i] >= root.totals[i] / kPruneDivisor) return true;
        return false;
    }

    std::size_t intern(std::unordered_map<std::string, std::size_t>& index, json& table,
                       const std::string& text) {
        const auto [it, fresh] = index.try_emplace(text, table.size());
        if (fresh) table.push_back(text);
        return it->second;
    }

    json node(std::uint32_t index) {
        const analysis::StackTreeNode& n = tree_.nodes()[index];
        ++nodes_;
        json children = json::array();
        for (const std::uint32_t c : n.children) {
            if (kept(tree_.nodes()[c]))
                children.push_back(node(c));
            else
                ++pruned_;
        }
        json out{{"n", n.name},
                 {"k", static_cast<int>(n.kind)},
                 {"m", intern(module_index_, modules_, n.module)},
                 {"f", intern(file_index_, files_, n.file)},
                 {"v", n.totals}};
        if (!children.empty()) out["c"] = std::move(children);
        return out;
    }

    const analysis::StackTree& tree_;
    std::unordered_map<std::string, std::size_t> module_index_;
    std::unordered_map<std::string, std::size_t> file_index_;
    json modules_ = json::array();
    json files_ = json::array();
    std::size_t nodes_ = 0;
    std::size_t pruned_ = 0;
};

}  // namespace

nlohmann::ordered_json stack_tree_json(const analysis::StackTree& tree) {
    return TreeWriter(tree).write();
}

nlohmann::ordered_json report_data(const ReportInputs& in) {
    json summary = summary_json(in.summary);
    summary.erase("peak_heap_stacks");  // the flame graph shows them, with every metric
    json data{
        {"page", "report"},
        {"title", in.summary.executable},
        {"has_events", in.figures != nullptr},
        {"summary", std::move(summary)},
    };
    // An aggregate-mode trace has no events: no timeline, histograms or threads.
    const analysis::ReportFigures* f = in.figures;
    data["timeline"] = f ? timeline_json(in.summary, *f) : json(nullptr);
    data["flame"] = stack_tree_json(in.tree);
    data["sites"] = sites_json(in.sites);
    data["leaks"] = leaks_json(in.leaks);
    data["sizes"] = f ? sizes_json(f->sizes()) : json(nullptr);
    data["latency"] = f ? page_latency_json(f->latency()) : json(nullptr);
    data["threads"] = f ? threads_json(f->threads(), in.thread_names) : json(nullptr);
    return data;
}

nlohmann::ordered_json flamegraph_data(const analysis::StackTree& tree, analysis::SiteMetric metric,
                                       const std::string& title, const std::string& subtitle) {
    return json{{"page", "flamegraph"},
                {"title", title},
                {"subtitle", subtitle},
                {"metric", analysis::site_metric_name(metric)},
                {"flame", stack_tree_json(tree)}};
}

std::string json_for_script_element(const nlohmann::ordered_json& data) {
    const std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (const char c : text) {
        // Outside strings JSON has none of these characters, so escaping is always valid.
        switch (c) {
            case '<':
                out += "\\u003c";
                break;
            case '>':
                out += "\\u003e";
                break;
            case '&':
                out += "\\u0026";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace memscope::report
