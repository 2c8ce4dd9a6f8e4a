#include "analysis/best_fit_arena.h"

#include <iterator>

namespace memscope::analysis {

std::uint64_t BestFitArena::largest_hole() const {
    return by_size_.empty() ? 0 : by_size_.rbegin()->first;
}

std::vector<HeapArena::Hole> BestFitArena::hole_list() const {
    std::vector<Hole> holes;
    holes.reserve(by_address_.size());
    for (const auto& [offset, bytes] : by_address_) holes.push_back(Hole{offset, bytes});
    return holes;
}

std::optional<HeapArena::Hole> BestFitArena::fitting_hole(std::uint64_t bytes) const {
    const auto fit = by_size_.lower_bound({bytes, 0});
    if (fit == by_size_.end()) return std::nullopt;
    return Hole{fit->second, fit->first};
}

std::optional<HeapArena::Hole> BestFitArena::hole_starting_at(std::uint64_t offset) const {
    const auto it = by_address_.find(offset);
    if (it == by_address_.end()) return std::nullopt;
    return Hole{it->first, it->second};
}

std::optional<HeapArena::Hole> BestFitArena::hole_ending_at(std::uint64_t offset) const {
    auto it = by_address_.lower_bound(offset);
    if (it == by_address_.begin()) return std::nullopt;
    it = std::prev(it);
    if (it->first + it->second != offset) return std::nullopt;
    return Hole{it->first, it->second};
}

void BestFitArena::index_hole(const Hole& hole) {
    by_address_.emplace(hole.offset, hole.bytes);
    by_size_.emplace(hole.bytes, hole.offset);
}

void BestFitArena::unindex_hole(const Hole& hole) {
    by_address_.erase(hole.offset);
    by_size_.erase({hole.bytes, hole.offset});
}

}  // namespace memscope::analysis
