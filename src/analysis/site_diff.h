// `memscope diff BASE NEW`: how each allocation stack changed between two
// traces of the same program, possibly two builds of it.
//
// Stacks are matched by their chain of function names and module file names
// (inline frames included), not by address, file or line: addresses move
// between builds, lines move with every edit above them, and build trees put
// the same source under different paths. A frame that could not be
// symbolized is matched by module file name and offset, which only holds
// within one build of that module. Stacks of one trace that share a chain
// are summed into one site.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/site_ranking.h"
#include "analysis/stack_metrics.h"
#include "analysis/summary.h"

namespace memscope::analysis {

struct SiteChange {
    std::string key;        // the matching chain, one "function|module" per line
    SymbolizedStack stack;  // from NEW when the site is there, else from BASE
    bool in_base = false;
    bool in_new = false;
    SiteFigures base;
    SiteFigures next;  // NEW

    // NEW minus BASE.
    std::int64_t change(SiteMetric metric) const;
    bool changed() const;
};

struct SiteDiff {
    SiteMetric by = SiteMetric::kPeak;
    Summary base;
    Summary next;
    // Sites where any metric changed, by the absolute change of `by`, then of
    // allocated bytes, then by key.
    std::vector<SiteChange> sites;
    std::size_t unchanged_sites = 0;
};

// The matching key of a stack (see above).
std::string diff_key(const SymbolizedStack& stack);

SiteDiff diff_sites(Summary base, const StackMetricsTable& base_table, Summary next,
                    const StackMetricsTable& next_table, SiteMetric by);

// NEW minus BASE as a signed number; saturates instead of overflowing.
std::int64_t signed_change(std::uint64_t base, std::uint64_t next);

}  // namespace memscope::analysis
