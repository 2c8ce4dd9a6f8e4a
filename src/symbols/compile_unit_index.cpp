#include "symbols/compile_unit_index.h"

#include <elfutils/libdw.h>

#include <algorithm>

namespace memscope::symbols {

Dwarf_Die* CompileUnitIndex::find(Dwarf_Addr pc, Dwarf_Addr* bias) {
    // libdwfl answers from .debug_aranges. Compilers that leave that section
    // out (clang by default) get no answer from libdw before 0.191, so their
    // units are found from the units' own address ranges instead.
    if (Dwarf_Die* cu = dwfl_module_addrdie(module_, pc, bias)) return cu;
    if (!ranges_built_) build_ranges();
    if (ranges_.empty()) return nullptr;
    const Dwarf_Addr address = pc - bias_;
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), address,
                               [](Dwarf_Addr a, const Range& r) { return a < r.low; });
    if (it == ranges_.begin()) return nullptr;
    --it;
    if (address >= it->high) return nullptr;
    *bias = bias_;
    return it->cu;
}

void CompileUnitIndex::build_ranges() {
    ranges_built_ = true;
    Dwarf_Die* cu = nullptr;
    while ((cu = dwfl_module_nextcu(module_, cu, &bias_)) != nullptr) {
        Dwarf_Addr base = 0;
        Dwarf_Addr low = 0;
        Dwarf_Addr high = 0;
        ptrdiff_t offset = 0;
        while ((offset = dwarf_ranges(cu, offset, &base, &low, &high)) > 0)
            if (high > low) ranges_.push_back(Range{low, high, cu});
    }
    // Units do not overlap in sane DWARF; where they do, one of them is kept
    // per address, which is as good as any.
    std::sort(ranges_.begin(), ranges_.end(),
              [](const Range& a, const Range& b) { return a.low < b.low; });
}

}  // namespace memscope::symbols
