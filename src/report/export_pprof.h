// pprof's profile.proto (github.com/google/pprof, proto/profile.proto),
// gzipped, as `go tool pprof` reads it. Every stack is a sample carrying all
// metrics as sample values; functions, files and lines are already
// symbolized so pprof never needs the binaries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/site_ranking.h"
#include "analysis/stack_metrics.h"
#include "trace/event.h"

namespace memscope::report {

struct PprofContext {
    std::string executable;              // mapping[0] is the module with this path
    std::vector<trace::Module> modules;  // the trace's module map, for mappings
    std::uint64_t start_realtime_ns = 0;
    std::uint64_t duration_ns = 0;
    std::vector<std::string> comments;
};

// Sample types, in order: alloc_objects/count, alloc_space/bytes,
// peak_objects/count, peak_space/bytes, leaked_objects/count,
// leaked_space/bytes, temporary_objects/count. default_metric picks
// default_sample_type.
std::string pprof_profile(const analysis::StackMetricsTable& table, const PprofContext& context,
                          analysis::SiteMetric default_metric);

// The encoded Profile message before gzip (tests decode it).
std::string pprof_profile_message(const analysis::StackMetricsTable& table,
                                  const PprofContext& context, analysis::SiteMetric default_metric);

}  // namespace memscope::report
