// The allocation stacks as one tree, outermost frame at the root: the data of
// a flame graph. Each node carries the five per-stack figures of `top`,
// summed over every stack passing through it, so one tree serves every metric
// of the flame graph. Children of a node are merged by function name (by
// module+offset for unresolved frames), as flame graphs do.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/site_ranking.h"
#include "analysis/symbolized_stack.h"
#include "analysis/trace_pass.h"

namespace memscope::analysis {

// What a frame is, for colouring: the traced program's own code, other
// shared objects, C++ standard-library plumbing, allocator entry points,
// addresses nothing could name.
enum class FrameKind : std::uint8_t {
    kRoot,
    kProgram,
    kLibrary,
    kStandardLibrary,
    kAllocator,
    kUnresolved
};
const char* frame_kind_name(FrameKind kind);

inline constexpr std::size_t kSiteMetricCount = 5;
inline constexpr std::array<SiteMetric, kSiteMetricCount> kAllSiteMetrics = {
    SiteMetric::kPeak, SiteMetric::kLeaked, SiteMetric::kAllocated, SiteMetric::kAllocations,
    SiteMetric::kTemporary};

struct StackTreeNode {
    std::string name;    // function, or module+0xoffset when unresolved
    std::string module;  // path, "" when unknown
    std::string file;    // source file of the first frame merged here, "" when unknown
    FrameKind kind = FrameKind::kRoot;
    std::uint32_t depth = 0;
    std::array<std::uint64_t, kSiteMetricCount> totals{};  // indexed like kAllSiteMetrics
    std::vector<std::uint32_t> children;                   // node indices

    std::uint64_t value(SiteMetric metric) const;
};

class StackTree {
  public:
    // Node 0 is the root ("all"); its totals are the whole trace's.
    StackTree();

    // executable: the traced program's path, to tell its frames from libraries'.
    static StackTree build(const TracePass& pass, StackSymbolizer& stacks,
                           std::string_view executable);

    const std::vector<StackTreeNode>& nodes() const { return nodes_; }
    const StackTreeNode& root() const { return nodes_.front(); }
    // A sampled trace's rate: every figure in the tree is then an estimate (0: full trace).
    std::uint64_t sample_rate_bytes() const { return sample_rate_bytes_; }

    // Adds one stack (innermost frame first, as symbolized) with its figures.
    void add(const SymbolizedStack& stack,
             const std::array<std::uint64_t, kSiteMetricCount>& figures,
             std::string_view executable);

  private:
    std::uint32_t child(std::uint32_t parent, const ResolvedFrame* frame,
                        std::string_view executable);

    std::vector<StackTreeNode> nodes_;
    std::unordered_map<std::string, std::uint32_t> index_;  // "parent\x1fname" -> node
    std::uint64_t sample_rate_bytes_ = 0;
};

std::size_t site_metric_index(SiteMetric metric);

}  // namespace memscope::analysis
