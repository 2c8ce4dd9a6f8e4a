#include "report/export_speedscope.h"

#include <map>
#include <tuple>

#include "report/export_frame_name.h"

namespace memscope::report {

namespace {

struct Profile {
    analysis::SiteMetric metric;
    const char* name;
};

constexpr Profile kProfiles[] = {
    {analysis::SiteMetric::kPeak, "peak heap (bytes held at the peak)"},
    {analysis::SiteMetric::kLeaked, "leaked bytes"},
    {analysis::SiteMetric::kAllocated, "allocated bytes"},
    {analysis::SiteMetric::kAllocations, "allocation calls"},
    {analysis::SiteMetric::kTemporary, "temporary allocations"},
};

class SharedFrames {
  public:
    std::size_t index(const symbols::Frame& f) {
        const auto key = std::make_tuple(export_frame_name(f), f.file, f.line);
        const auto [it, fresh] = indices_.try_emplace(key, frames_.size());
        if (fresh) {
            nlohmann::ordered_json frame{{"name", std::get<0>(key)}};
            if (!f.file.empty()) {
                frame["file"] = f.file;
                if (f.line != 0) frame["line"] = f.line;
            }
            frames_.push_back(std::move(frame));
        }
        return it->second;
    }
    std::size_t no_stack() {
        symbols::Frame f;
        f.function = kNoStackFrameName;
        return index(f);
    }
    nlohmann::ordered_json take() { return std::move(frames_); }

  private:
    std::map<std::tuple<std::string, std::string, std::uint32_t>, std::size_t> indices_;
    nlohmann::ordered_json frames_ = nlohmann::ordered_json::array();
};

}  // namespace

nlohmann::ordered_json speedscope_file(const analysis::StackMetricsTable& table,
                                       const std::string& name, analysis::SiteMetric active,
                                       const std::string& exporter) {
    SharedFrames frames;
    std::vector<std::vector<std::size_t>> stacks;  // root first
    for (const auto& row : table.rows) {
        std::vector<std::size_t> stack;
        if (row.stack.empty()) stack.push_back(frames.no_stack());
        for (auto it = row.stack.rbegin(); it != row.stack.rend(); ++it)
            stack.push_back(frames.index(it->symbol));
        stacks.push_back(std::move(stack));
    }

    nlohmann::ordered_json profiles = nlohmann::ordered_json::array();
    std::size_t active_index = 0;
    for (const Profile& p : kProfiles) {
        if (p.metric == active) active_index = profiles.size();
        nlohmann::ordered_json samples = nlohmann::ordered_json::array();
        nlohmann::ordered_json weights = nlohmann::ordered_json::array();
        std::uint64_t total = 0;
        for (std::size_t i = 0; i < table.rows.size(); ++i) {
            const std::uint64_t value = table.rows[i].value(p.metric);
            if (value == 0) continue;
            samples.push_back(stacks[i]);
            weights.push_back(value);
            total += value;
        }
        profiles.push_back({
            {"type", "sampled"},
            {"name", p.name},
            {"unit", analysis::metric_is_bytes(p.metric) ? "bytes" : "none"},
            {"startValue", 0},
            {"endValue", total},
            {"samples", std::move(samples)},
            {"weights", std::move(weights)},
        });
    }
    return nlohmann::ordered_json{
        {"$schema", "https://www.speedscope.app/file-format-schema.json"},
        {"shared", {{"frames", frames.take()}}},
        {"profiles", std::move(profiles)},
        {"name", name},
        {"activeProfileIndex", active_index},
        {"exporter", exporter},
    };
}

}  // namespace memscope::report
