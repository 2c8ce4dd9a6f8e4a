#include "analysis/stack_tree.h"

#include <cinttypes>
#include <cstdio>

#include "analysis/allocation_site.h"

namespace memscope::analysis {

namespace {

std::string_view base_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string frame_name(const symbols::Frame& f) {
    if (!f.function.empty()) return f.function;
    char offset[2 + 16 + 1];
    std::snprintf(offset, sizeof offset, "0x%" PRIx64, f.module_offset);
    if (f.module.empty()) return offset;
    return std::string(base_name(f.module)) + "+" + offset;
}

FrameKind kind_of(const symbols::Frame& f, std::string_view executable) {
    if (f.function.empty()) return FrameKind::kUnresolved;
    if (is_allocator_wrapper(f)) return FrameKind::kAllocator;
    if (is_standard_library(f)) return FrameKind::kStandardLibrary;
    // The recorded executable path may differ from the module path by a
    // symbolic link, so the file names are compared.
    if (!executable.empty() && base_name(f.module) == base_name(executable))
        return FrameKind::kProgram;
    return FrameKind::kLibrary;
}

}  // namespace

const char* frame_kind_name(FrameKind kind) {
    switch (kind) {
        case FrameKind::kRoot:
            return "root";
        case FrameKind::kProgram:
            return "program";
        case FrameKind::kLibrary:
            return "library";
        case FrameKind::kStandardLibrary:
            return "stdlib";
        case FrameKind::kAllocator:
            return "allocator";
        case FrameKind::kUnresolved:
            return "unresolved";
    }
    return "unresolved";
}

std::size_t site_metric_index(SiteMetric metric) {
    for (std::size_t i = 0; i < kAllSiteMetrics.size(); ++i)
        if (kAllSiteMetrics[i] == metric) return i;
    return 0;
}

std::uint64_t StackTreeNode::value(SiteMetric metric) const {
    return totals[site_metric_index(metric)];
}

StackTree::StackTree() {
    StackTreeNode root;
    root.name = "all";
    nodes_.push_back(std::move(root));
}

StackTree StackTree::build(const TracePass& pass, StackSymbolizer& stacks,
                           std::string_view executable) {
    StackTree tree;
    tree.sample_rate_bytes_ = pass.heap().weighting().sample_rate_bytes();
    const PeakTracker& peak = pass.heap().peak();
    for (const StackUsage& u : pass.heap().stacks()) {
        std::array<std::uint64_t, kSiteMetricCount> figures{};
        figures[site_metric_index(SiteMetric::kPeak)] = peak.bytes_at_peak(u);
        figures[site_metric_index(SiteMetric::kLeaked)] = u.live_bytes;
        figures[site_metric_index(SiteMetric::kAllocated)] = u.allocated_bytes;
        figures[site_metric_index(SiteMetric::kAllocations)] = u.allocations;
        figures[site_metric_index(SiteMetric::kTemporary)] = u.temporary;
        tree.add(stacks.stack(u.stack), figures, executable);
    }
    return tree;
}

void StackTree::add(const SymbolizedStack& stack,
                    const std::array<std::uint64_t, kSiteMetricCount>& figures,
                    std::string_view executable) {
    const auto accumulate = [&](std::uint32_t node) {
        for (std::size_t i = 0; i < kSiteMetricCount; ++i) nodes_[node].totals[i] += figures[i];
    };
    accumulate(0);
    std::uint32_t at = 0;
    if (stack.empty()) {
        at = child(at, nullptr, executable);
        accumulate(at);
        return;
    }
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
        at = child(at, &*it, executable);
        accumulate(at);
    }
}

std::uint32_t StackTree::child(std::uint32_t parent, const ResolvedFrame* frame,
                               std::string_view executable) {
    std::string name = frame ? frame_name(frame->symbol) : std::string("(no stack recorded)");
    std::string key = std::to_string(parent);
    key += '\x1f';
    key += name;
    const auto [it, fresh] = index_.try_emplace(std::move(key), 0);
    if (!fresh) return it->second;
    StackTreeNode node;
    node.name = std::move(name);
    node.depth = nodes_[parent].depth + 1;
    if (frame) {
        node.module = frame->symbol.module;
        node.file = frame->symbol.file;
        node.kind = kind_of(frame->symbol, executable);
    } else {
        node.kind = FrameKind::kUnresolved;
    }
    const auto index = static_cast<std::uint32_t>(nodes_.size());
    it->second = index;
    nodes_[parent].children.push_back(index);
    nodes_.push_back(std::move(node));
    return index;
}

}  // namespace memscope::analysis
