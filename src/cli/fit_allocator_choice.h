// Which allocator model `memscope fit` replays the heap through: a known
// one (--target) or the user's own numbers (--header, --alignment,
// --min-block, --placement), checked before any trace is read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "analysis/allocator_model.h"

namespace memscope::cli {

struct AllocatorChoice {
    std::string target = "glibc-x86_64";
    bool target_given = false;  // --target on the command line, not the default
    std::optional<std::uint64_t> header_bytes;
    std::optional<std::uint64_t> alignment;
    std::optional<std::uint64_t> min_block_bytes;
    std::string placement;  // custom: "best" (default) or "first"
};

// The model the options name; nullopt after printing why when they name none.
std::optional<analysis::AllocatorModel> chosen_allocator_model(const AllocatorChoice& o);
// --list-targets: the known models, then how to describe a custom one.
void print_allocator_models(bool json);

}  // namespace memscope::cli
