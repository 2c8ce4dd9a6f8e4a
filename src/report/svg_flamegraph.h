// `memscope flamegraph -o out.svg`: the stack tree as a static SVG flame graph,
// written without any script. Each frame is a rectangle whose width is its
// share of the chosen metric, with a <title> tooltip (name, value, share,
// module, file); frames are coloured by kind (program, library, C++ standard
// library, allocator, unresolved). Every trace string is markup-escaped.
#pragma once

#include <string>

#include "analysis/site_ranking.h"
#include "analysis/stack_tree.h"

namespace memscope::report {

struct SvgFlamegraphOptions {
    std::string title = "memscope flame graph";
    std::string subtitle;   // e.g. the trace and command line
    double width = 1200.0;  // pixels
    double frame_height = 16.0;
    double min_frame_width = 0.1;  // narrower frames (and their callees) are left out
};

std::string svg_flamegraph(const analysis::StackTree& tree, analysis::SiteMetric metric,
                           const SvgFlamegraphOptions& options);

// "12.50 MiB" for byte metrics, "1,234" for counts.
std::string format_metric_value(analysis::SiteMetric metric, std::uint64_t value);

// The colour of a frame: a hue band per kind, varied by a hash of the name so
// neighbouring frames are told apart. "rgb(r,g,b)".
std::string frame_colour(analysis::FrameKind kind, std::string_view name);

}  // namespace memscope::report
