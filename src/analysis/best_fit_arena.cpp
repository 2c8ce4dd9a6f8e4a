#include "analysis/best_fit_arena.h"

#include <iterator>

namespace memscope::analysis {

HeapArena::Placement BestFitArena::place(std::uint64_t block_bytes) {
    const auto fit = by_size_.lower_bound({block_bytes, 0});
    if (fit == by_size_.end()) return place_on_top(block_bytes);
    const auto [hole_bytes, offset] = *fit;
    remove_hole(by_address_.find(offset));
    const std::uint64_t rest = split_rest(hole_bytes, block_bytes);
    if (rest == 0) return Placement{offset, hole_bytes};
    add_hole(offset + block_bytes, rest);
    return Placement{offset, block_bytes};
}

void BestFitArena::release(const Placement& placement) {
    std::uint64_t offset = placement.offset;
    std::uint64_t bytes = placement.bytes;
    auto after = by_address_.lower_bound(offset);
    if (after != by_address_.end() && after->first == offset + bytes) {
        bytes += after->second;
        after = std::next(after);
        remove_hole(std::prev(after));
    }
    if (after != by_address_.begin()) {
        const auto before = std::prev(after);
        if (before->first + before->second == offset) {
            offset = before->first;
            bytes += before->second;
            remove_hole(before);
        }
    }
    if (offset + bytes == top_) {
        top_ = offset;
        return;
    }
    add_hole(offset, bytes);
}

std::uint64_t BestFitArena::largest_hole() const {
    return by_size_.empty() ? 0 : by_size_.rbegin()->first;
}

void BestFitArena::add_hole(std::uint64_t offset, std::uint64_t bytes) {
    by_address_.emplace(offset, bytes);
    by_size_.emplace(bytes, offset);
    hole_bytes_ += bytes;
}

void BestFitArena::remove_hole(std::map<std::uint64_t, std::uint64_t>::iterator hole) {
    by_size_.erase({hole->second, hole->first});
    hole_bytes_ -= hole->second;
    by_address_.erase(hole);
}

}  // namespace memscope::analysis
