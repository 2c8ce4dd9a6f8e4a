#include "report/svg_flamegraph.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "report/estimate_marks.h"
#include "report/markup_escape.h"
#include "report/units.h"

namespace memscope::report {

namespace {

constexpr double kMarginX = 10.0;
constexpr double kHeaderHeight = 56.0;
constexpr double kFooterHeight = 12.0;
constexpr double kCharWidth = 6.6;  // of 11px Verdana, near enough to fit labels

std::uint32_t name_hash(std::string_view name) {
    std::uint32_t h = 2166136261u;  // FNV-1a
    for (const char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

const char* metric_title(analysis::SiteMetric metric) {
    switch (metric) {
        case analysis::SiteMetric::kPeak:
            return "bytes held at the heap peak";
        case analysis::SiteMetric::kLeaked:
            return "bytes leaked (never freed)";
        case analysis::SiteMetric::kAllocated:
            return "bytes allocated";
        case analysis::SiteMetric::kAllocations:
            return "allocation calls";
        case analysis::SiteMetric::kTemporary:
            return "temporary allocations";
    }
    return "";
}

// The first max_chars code points of text, with ".." when cut.
std::string fit_label(std::string_view text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (++chars > max_chars) {
            if (max_chars < 3) return {};
            // Cut two code points earlier to make room for "..".
            std::size_t cut = i;
            for (int dropped = 0; dropped < 2 && cut > 0;) {
                --cut;
                if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) ++dropped;
            }
            return std::string(text.substr(0, cut)) + "..";
        }
    }
    return std::string(text);
}

class SvgWriter {
  public:
    SvgWriter(const analysis::StackTree& tree, analysis::SiteMetric metric,
              const SvgFlamegraphOptions& options)
        : tree_(tree), metric_(metric), options_(options) {
        total_ = tree.root().value(metric);
        scale_ = total_ == 0 ? 0.0 : (options.width - 2 * kMarginX) / static_cast<double>(total_);
    }

    std::string write() {
        const std::uint32_t depth = deepest(0);
        const double height = kHeaderHeight + (depth + 1) * options_.frame_height + kFooterHeight;
        bottom_ = height - kFooterHeight;
        out_ += fmt::format(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
            "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" "
            "height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
            "font-family=\"Verdana, sans-serif\" font-size=\"11\">\n",
            options_.width, height, options_.width, height);
        out_ += fmt::format(
            "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#f8f8f4\"/>\n");
        out_ += fmt::format(
            "<text x=\"{:.1f}\" y=\"22\" text-anchor=\"middle\" font-size=\"17\">{}</text>\n",
            options_.width / 2, markup_escape(options_.title));
        // A sampled trace's widths are estimates: the caption says so.
        const std::string estimated = estimate_note(tree_.sample_rate_bytes());
        const std::string caption = fmt::format("{}: {} in total{}", metric_title(metric_),
                                                format_metric_value(metric_, total_),
                                                estimated.empty() ? "" : ", " + estimated);
        out_ += fmt::format(
            "<text x=\"{:.1f}\" y=\"40\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n",
            options_.width / 2, markup_escape(caption));
        if (!options_.subtitle.empty()) {
            out_ += fmt::format("<text x=\"{:.1f}\" y=\"40\" fill=\"#777\">{}</text>\n", kMarginX,
                                markup_escape(fit_label(options_.subtitle, 40)));
        }
        frame(0, kMarginX);
        out_ += "</svg>\n";
        return std::move(out_);
    }

  private:
    double width_of(const analysis::StackTreeNode& node) const {
        return static_cast<double>(node.value(metric_)) * scale_;
    }

    bool drawn(const analysis::StackTreeNode& node) const {
        return node.value(metric_) > 0 && width_of(node) >= options_.min_frame_width;
    }

    std::uint32_t deepest(std::uint32_t index) const {
        const analysis::StackTreeNode& node = tree_.nodes()[index];
        std::uint32_t depth = node.depth;
        for (const std::uint32_t c : node.children)
            if (drawn(tree_.nodes()[c])) depth = std::max(depth, deepest(c));
        return depth;
    }

    void frame(std::uint32_t index, double x) {
        const analysis::StackTreeNode& node = tree_.nodes()[index];
        const double w = index == 0 ? options_.width - 2 * kMarginX : width_of(node);
        const double y = bottom_ - (node.depth + 1) * options_.frame_height;
        const std::uint64_t value = node.value(metric_);
        const double share = total_ == 0 ? 0.0 : 100.0 * static_cast<double>(value) / total_;

        std::string tip =
            fmt::format("{}\n{} ({:.2f}%)", node.name, format_metric_value(metric_, value), share);
        if (!node.module.empty()) tip += "\nmodule: " + node.module;
        if (!node.file.empty()) tip += "\nfile: " + node.file;

        out_ += "<g class=\"frame\"><title>";
        out_ += markup_escape(tip);
        out_ += "</title>";
        out_ += fmt::format(
            "<rect x=\"{:.2f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"{:.1f}\" fill=\"{}\" "
            "rx=\"2\"/>",
            x, y, w, options_.frame_height - 1,
            index == 0 ? std::string("rgb(200,200,200)") : frame_colour(node.kind, node.name));
        const auto chars = static_cast<std::size_t>(std::max(0.0, (w - 6) / kCharWidth));
        const std::string label = fit_label(node.name, chars);
        if (!label.empty()) {
            out_ += fmt::format("<text x=\"{:.2f}\" y=\"{:.1f}\">{}</text>", x + 3,
                                y + options_.frame_height - 5, markup_escape(label));
        }
        out_ += "</g>\n";

        std::vector<std::uint32_t> children;
        for (const std::uint32_t c : node.children)
            if (drawn(tree_.nodes()[c])) children.push_back(c);
        // Alphabetical, as flame graphs are: widths compare, not positions.
        std::sort(children.begin(), children.end(), [&](std::uint32_t a, std::uint32_t b) {
            return tree_.nodes()[a].name < tree_.nodes()[b].name;
        });
        double child_x = x;
        for (const std::uint32_t c : children) {
            frame(c, child_x);
            child_x += width_of(tree_.nodes()[c]);
        }
    }

    const analysis::StackTree& tree_;
    analysis::SiteMetric metric_;
    const SvgFlamegraphOptions& options_;
    std::uint64_t total_ = 0;
    double scale_ = 0.0;
    double bottom_ = 0.0;
    std::string out_;
};

}  // namespace

std::string svg_flamegraph(const analysis::StackTree& tree, analysis::SiteMetric metric,
                           const SvgFlamegraphOptions& options) {
    return SvgWriter(tree, metric, options).write();
}

std::string format_metric_value(analysis::SiteMetric metric, std::uint64_t value) {
    switch (metric) {
        case analysis::SiteMetric::kAllocations:
        case analysis::SiteMetric::kTemporary:
            return format_count(value);
        default:
            return format_bytes(value);
    }
}

std::string frame_colour(analysis::FrameKind kind, std::string_view name) {
    const std::uint32_t h = name_hash(name);
    const double v1 = static_cast<double>(h & 0xFF) / 255.0;
    const double v2 = static_cast<double>((h >> 8) & 0xFF) / 255.0;
    int r = 0, g = 0, b = 0;
    switch (kind) {
        case analysis::FrameKind::kProgram:  // warm: red to orange
            r = 205 + static_cast<int>(50 * v1);
            g = static_cast<int>(60 + 130 * v2);
            b = static_cast<int>(40 + 40 * v1);
            break;
        case analysis::FrameKind::kLibrary:  // yellow
            r = 195 + static_cast<int>(55 * v1);
            g = 180 + static_cast<int>(55 * v1);
            b = static_cast<int>(40 + 50 * v2);
            break;
        case analysis::FrameKind::kStandardLibrary:  // aqua
            r = static_cast<int>(80 + 60 * v1);
            g = 180 + static_cast<int>(50 * v2);
            b = 190 + static_cast<int>(50 * v2);
            break;
        case analysis::FrameKind::kAllocator:  // green
            r = static_cast<int>(90 + 60 * v1);
            g = 190 + static_cast<int>(50 * v2);
            b = static_cast<int>(80 + 50 * v1);
            break;
        case analysis::FrameKind::kUnresolved:
        case analysis::FrameKind::kRoot:
            r = g = b = 170 + static_cast<int>(40 * v1);
            break;
    }
    return fmt::format("rgb({},{},{})", r, g, b);
}

}  // namespace memscope::report
