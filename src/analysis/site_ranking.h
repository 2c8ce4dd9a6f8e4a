// `memscope top`: allocation sites ranked by one metric. Figures are gathered
// per stack during the pass; only the unique stacks are symbolized, then stacks
// sharing a site are summed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/symbolized_stack.h"
#include "analysis/trace_pass.h"
#include "trace/trace_reader.h"

namespace memscope::analysis {

enum class SiteMetric { kPeak, kLeaked, kAllocations, kTemporary, kAllocated };

std::optional<SiteMetric> parse_site_metric(std::string_view name);
const char* site_metric_name(SiteMetric metric);

// The figures of one site or stack, one per SiteMetric (and leaked blocks).
struct SiteFigures {
    std::uint64_t peak_bytes = 0;  // held at the global heap peak
    std::uint64_t leaked_bytes = 0;
    std::uint64_t leaked_blocks = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t allocations = 0;
    std::uint64_t temporary = 0;

    std::uint64_t value(SiteMetric metric) const;
};

struct Site : SiteFigures {
    std::string location;  // "function at file:line" or "module+0xoffset"
    std::string function;
    std::string file;
    std::uint32_t line = 0;
    std::string module;
    SymbolizedStack stack;  // the site's heaviest stack by the ranking metric
};

struct SiteRanking {
    SiteMetric by = SiteMetric::kPeak;
    std::uint64_t sample_rate_bytes = 0;  // sampled trace: the figures are estimates
    bool truncated = false;
    std::string truncation_reason;
    std::vector<Site> sites;      // best first; sites scoring 0 come last
    std::size_t total_sites = 0;  // before the limit
};

// limit 0 keeps every site.
SiteRanking rank_sites(const trace::TraceReader& reader, const TracePass& pass,
                       StackSymbolizer& stacks, SiteMetric by, std::size_t limit);

}  // namespace memscope::analysis
