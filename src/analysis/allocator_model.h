// How much memory an allocator spends on one block: the request plus its
// header, rounded up to the allocator's alignment, never below its smallest
// block. Known models describe real allocators from their sources; a custom
// one takes the three numbers from the user. `memscope fit` replays a trace's
// blocks through a model to predict the heap a target device needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/heap_arena.h"

namespace memscope::analysis {

struct AllocatorModel {
    std::string name;         // "glibc-x86_64", as --target names it
    std::string description;  // one line, for --list-targets and reports
    unsigned pointer_bits = 64;
    std::uint64_t header_bytes = 8;  // bytes of the block before the user's pointer
    std::uint64_t alignment = 16;    // of block sizes and user pointers; a power of two
    std::uint64_t min_block_bytes = 32;
    // Requests whose block reaches this size get a mapping of their own
    // instead of arena space (0: never, as on a device without an MMU).
    std::uint64_t mmap_threshold = 0;
    // glibc raises the threshold to the size of a freed mapped block up to
    // this size, so later blocks of that size stay in the arena (0: fixed).
    std::uint64_t mmap_threshold_max = 0;
    std::uint64_t page_size = 4096;
    PlacementPolicy placement = PlacementPolicy::kBestFit;
    // The smallest rest of a hole that becomes a free block of its own when
    // a block is placed in the hole; 0: the minimum block.
    std::uint64_t min_split_bytes = 0;

    // Bytes of arena one request of `request` bytes takes.
    std::uint64_t block_bytes(std::uint64_t request) const;
    // Bytes of the mapping one request gets when it is mapped: its block and
    // one more header, in whole pages.
    std::uint64_t mapped_bytes(std::uint64_t request) const;
    std::uint64_t split_threshold() const {
        return min_split_bytes != 0 ? min_split_bytes : min_block_bytes;
    }
};

// The models `--target` accepts, the host's first.
const std::vector<AllocatorModel>& known_allocator_models();
std::optional<AllocatorModel> find_allocator_model(std::string_view name);
// The names of known_allocator_models(), joined by ", ", for messages.
std::string known_allocator_model_names();
// Why a custom model's numbers cannot describe an allocator; empty when they can.
std::string custom_model_problem(std::uint64_t header_bytes, std::uint64_t alignment,
                                 std::uint64_t min_block_bytes);

}  // namespace memscope::analysis
