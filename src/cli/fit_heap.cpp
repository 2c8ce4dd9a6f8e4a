#include "cli/fit_heap.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "analysis/allocation_site.h"
#include "analysis/target_heap_pass.h"
#include "cli/aggregate_trace_guard.h"
#include "trace/trace_reader.h"

namespace memscope::cli {

bool trace_has_blocks(const std::string& path) {
    const trace::TraceReader probe(path);
    if (refuse_aggregate_trace(probe.header(), path, "fit")) return false;
    if (probe.header().mode == format::RecordMode::kSampled) {
        fmt::print(stderr,
                   "memscope: error: fit needs every block, and {} is a sampled trace: its "
                   "blocks' sizes and places are known only for the samples (record with "
                   "--mode full, the default)\n",
                   path);
        return false;
    }
    return true;
}

std::vector<report::FitSite> overhead_sites(const analysis::TargetHeap& target,
                                            TraceSession& session, std::size_t limit) {
    std::vector<report::FitSite> sites;
    std::unordered_map<std::string, std::size_t> index;
    for (const analysis::TargetStackAtPeak& s : target.stacks_at_footprint_peak()) {
        const std::string location =
            s.stack == 0
                ? std::string("(no stack)")
                : analysis::site_location(analysis::site_frame(session.stacks().stack(s.stack)));
        auto [it, fresh] = index.emplace(location, sites.size());
        if (fresh) sites.push_back(report::FitSite{location, 0, 0, 0});
        report::FitSite& site = sites[it->second];
        site.blocks += s.blocks;
        site.requested_bytes += s.requested_bytes;
        site.footprint_bytes += s.footprint_bytes;
    }
    std::stable_sort(sites.begin(), sites.end(), [](const auto& a, const auto& b) {
        return a.overhead_bytes() > b.overhead_bytes();
    });
    if (limit != 0 && sites.size() > limit) sites.resize(limit);
    return sites;
}

std::optional<analysis::ArenaMap> arena_at_memory_peak(const std::string& path,
                                                       const analysis::AllocatorModel& model,
                                                       const analysis::TargetHeap& first,
                                                       std::size_t cells) {
    const analysis::TargetHeapMoment& peak = first.memory_peak();
    if (peak.allocations == 0) return std::nullopt;
    analysis::TargetHeapPass again(model);
    again.keep_holes_after(peak.allocations);
    trace::TraceReader reader(path);
    reader.read_events(again);
    if (again.target().memory_peak().memory() != peak.memory()) {
        fmt::print(stderr,
                   "memscope: warning: the second replay for --map did not reach the same "
                   "peak; no map\n");
        return std::nullopt;
    }
    return analysis::arena_map(again.target().kept_holes(), peak.arena_bytes, cells);
}

}  // namespace memscope::cli
