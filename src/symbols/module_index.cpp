#include "symbols/module_index.h"

#include <algorithm>

namespace memscope::symbols {

ModuleIndex::ModuleIndex(const std::vector<trace::Module>& modules) {
    for (std::size_t i = 0; i < modules.size(); ++i) {
        const auto& m = modules[i];
        for (const auto& s : m.segments) {
            const std::uint64_t start = m.load_bias + s.vaddr;
            if (s.memsz == 0 || start + s.memsz < start) continue;  // empty or wraps around
            ranges_.push_back(Range{start, start + s.memsz, i, m.load_time_ns});
        }
    }
    std::sort(ranges_.begin(), ranges_.end(),
              [](const Range& a, const Range& b) { return a.start < b.start; });
    max_end_.reserve(ranges_.size());
    std::uint64_t max_end = 0;
    for (const auto& r : ranges_) {
        max_end = std::max(max_end, r.end);
        max_end_.push_back(max_end);
    }
}

std::optional<std::size_t> ModuleIndex::find(std::uint64_t address) const {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), address,
                               [](std::uint64_t a, const Range& r) { return a < r.start; });
    std::optional<std::size_t> best;
    std::uint64_t best_time = 0;
    // Walk back over the ranges starting at or below the address; the running
    // maximum of their ends says when no earlier range can reach it any more.
    for (auto i = static_cast<std::size_t>(it - ranges_.begin()); i-- > 0;) {
        if (max_end_[i] <= address) break;
        const Range& r = ranges_[i];
        if (address >= r.end) continue;
        if (!best || r.load_time_ns > best_time ||
            (r.load_time_ns == best_time && r.module > *best)) {
            best = r.module;
            best_time = r.load_time_ns;
        }
    }
    return best;
}

}  // namespace memscope::symbols
