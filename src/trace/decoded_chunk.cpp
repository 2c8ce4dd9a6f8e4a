#include "trace/decoded_chunk.h"

#include <algorithm>

namespace memscope::trace {

const PackedEvent* DecodedChunk::live_paired_alloc(std::uint64_t address, std::size_t next) {
    if (pairs.empty()) return nullptr;
    // An allocation with a duration (an outlier) is kept whole.
    auto address_of = [&](std::uint32_t pair) {
        const PackedEvent& a = events[pairs[pair].alloc];
        return (a.flags & PackedEvent::kWhole) ? whole_events[a.size].address : a.address;
    };
    if (pairs_by_address_.size() != pairs.size()) {
        pairs_by_address_.resize(pairs.size());
        for (std::uint32_t i = 0; i < pairs.size(); ++i) pairs_by_address_[i] = i;
        std::sort(pairs_by_address_.begin(), pairs_by_address_.end(),
                  [&](std::uint32_t x, std::uint32_t y) {
                      const std::uint64_t ax = address_of(x);
                      const std::uint64_t ay = address_of(y);
                      return ax != ay ? ax < ay : pairs[x].alloc < pairs[y].alloc;
                  });
    }
    auto it =
        std::lower_bound(pairs_by_address_.begin(), pairs_by_address_.end(), address,
                         [&](std::uint32_t pair, std::uint64_t a) { return address_of(pair) < a; });
    for (; it != pairs_by_address_.end() && address_of(*it) == address; ++it) {
        const EventPair& p = pairs[*it];
        if (p.alloc >= next) break;  // sorted by allocation: the rest come later
        if (p.free >= next) return &events[p.alloc];
    }
    return nullptr;
}

}  // namespace memscope::trace
