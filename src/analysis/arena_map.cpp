#include "analysis/arena_map.h"

#include <algorithm>
#include <bit>
#include <map>

namespace memscope::analysis {

ArenaMap arena_map(const std::vector<HeapArena::Hole>& holes, std::uint64_t arena_bytes,
                   std::size_t cells) {
    ArenaMap map;
    map.arena_bytes = arena_bytes;
    if (arena_bytes == 0 || cells == 0) return map;
    map.cell_bytes = (arena_bytes + cells - 1) / cells;
    const std::size_t count =
        static_cast<std::size_t>((arena_bytes + map.cell_bytes - 1) / map.cell_bytes);
    std::vector<std::uint64_t> free_bytes(count, 0);
    std::map<std::uint64_t, HoleSizeClass> classes;
    for (const HeapArena::Hole& hole : holes) {
        const std::uint64_t end = std::min(hole.offset + hole.bytes, arena_bytes);
        for (std::uint64_t at = hole.offset; at < end;) {
            const std::size_t cell = static_cast<std::size_t>(at / map.cell_bytes);
            const std::uint64_t cell_end = std::min((cell + 1) * map.cell_bytes, end);
            free_bytes[cell] += cell_end - at;
            at = cell_end;
        }
        if (hole.bytes == 0) continue;
        HoleSizeClass& c = classes[std::bit_floor(hole.bytes)];
        c.min_bytes = std::bit_floor(hole.bytes);
        ++c.holes;
        c.bytes += hole.bytes;
    }
    for (std::size_t cell = 0; cell < count; ++cell) {
        const std::uint64_t size =
            std::min<std::uint64_t>(map.cell_bytes, arena_bytes - cell * map.cell_bytes);
        map.used.push_back(1.0 - static_cast<double>(free_bytes[cell]) / static_cast<double>(size));
    }
    for (const auto& [min, c] : classes) map.hole_sizes.push_back(c);
    return map;
}

}  // namespace memscope::analysis
