#include "cli/fit_allocator_choice.h"

#include <fmt/format.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/output.h"
#include "report/fit_view.h"

namespace memscope::cli {

std::optional<analysis::AllocatorModel> chosen_allocator_model(const AllocatorChoice& o) {
    const bool custom = o.header_bytes || o.alignment || o.min_block_bytes || !o.placement.empty();
    if (!custom) {
        auto model = analysis::find_allocator_model(o.target);
        if (!model)
            fmt::print(stderr,
                       "memscope: error: unknown target \"{}\" (known: {}; see fit "
                       "--list-targets)\n",
                       o.target, analysis::known_allocator_model_names());
        return model;
    }
    if (o.target_given) {
        fmt::print(stderr,
                   "memscope: error: --target and --header/--alignment/--min-block/--placement "
                   "describe the allocator twice; give one or the other\n");
        return std::nullopt;
    }
    if (!o.header_bytes || !o.alignment || !o.min_block_bytes) {
        fmt::print(stderr,
                   "memscope: error: a custom allocator needs all of --header, "
                   "--alignment and --min-block\n");
        return std::nullopt;
    }
    const std::string problem =
        analysis::custom_model_problem(*o.header_bytes, *o.alignment, *o.min_block_bytes);
    if (!problem.empty()) {
        fmt::print(stderr, "memscope: error: custom allocator: {}\n", problem);
        return std::nullopt;
    }
    analysis::AllocatorModel model;
    model.name = "custom";
    const bool first_fit = o.placement == "first";
    model.description = fmt::format(
        "{}-byte header, {}-byte alignment, {}-byte minimum block; {} fit; no mappings",
        *o.header_bytes, *o.alignment, *o.min_block_bytes, first_fit ? "first" : "best");
    model.placement =
        first_fit ? analysis::PlacementPolicy::kFirstFit : analysis::PlacementPolicy::kBestFit;
    model.pointer_bits = 64;
    model.header_bytes = *o.header_bytes;
    model.alignment = *o.alignment;
    model.min_block_bytes = *o.min_block_bytes;
    return model;
}

void print_allocator_models(bool json) {
    if (json) {
        nlohmann::ordered_json targets = nlohmann::ordered_json::array();
        for (const analysis::AllocatorModel& m : analysis::known_allocator_models())
            targets.push_back(report::allocator_model_json(m));
        print_json(targets);
        return;
    }
    std::string out;
    for (const analysis::AllocatorModel& m : analysis::known_allocator_models())
        out += fmt::format("{:<14} {}\n", m.name, m.description);
    out += "custom         --header N --alignment N --min-block N [--placement best|first]\n";
    print_text(out);
}

}  // namespace memscope::cli
