#include "symbols/dwarf_index.h"

#include <elfutils/libdw.h>

#include <algorithm>

#include "symbols/dwarf_scopes.h"

namespace memscope::symbols {
namespace {

template <typename Range>
void sort_by_low(std::vector<Range>& ranges) {
    std::sort(ranges.begin(), ranges.end(),
              [](const Range& a, const Range& b) { return a.low < b.low; });
}

}  // namespace

// Sane DWARF has no overlapping units or top-level functions, so the one
// range starting last at or below the address is the only candidate.
DwarfIndex::Range* DwarfIndex::find(std::vector<Range>& sorted, Dwarf_Addr address) {
    auto it = std::upper_bound(sorted.begin(), sorted.end(), address,
                               [](Dwarf_Addr a, const Range& r) { return a < r.low; });
    if (it == sorted.begin()) return nullptr;
    --it;
    return address < it->high ? &*it : nullptr;
}

Dwarf_Die* DwarfIndex::unit_at(Dwarf_Addr pc, Dwarf_Addr* bias) {
    // libdwfl answers from .debug_aranges. Compilers that leave that section
    // out (clang by default) get no answer from libdw before 0.191, so their
    // units are found from the units' own address ranges instead.
    if (Dwarf_Die* cu = dwfl_module_addrdie(module_, pc, bias)) return cu;
    if (!units_indexed_) index_units();
    Range* unit = find(units_, pc - unit_bias_);
    if (!unit) return nullptr;
    *bias = unit_bias_;
    return &unit->die;
}

void DwarfIndex::index_units() {
    units_indexed_ = true;
    Dwarf_Die* cu = nullptr;
    while ((cu = dwfl_module_nextcu(module_, cu, &unit_bias_)) != nullptr)
        for (const AddressRange& r : address_ranges(cu))
            units_.push_back(Range{r.low, r.high, *cu});
    sort_by_low(units_);
}

std::vector<Dwarf_Die> DwarfIndex::scopes_at(Dwarf_Die* cu, Dwarf_Addr address) {
    auto [slot, fresh] = functions_by_unit_.try_emplace(dwarf_dieoffset(cu));
    std::vector<Range>& functions = slot->second;
    if (fresh) {
        // Every function of the unit once, so that each address afterwards
        // costs a binary search plus a walk inside one function.
        for (Dwarf_Die& function : outermost_functions(cu))
            for (const AddressRange& r : address_ranges(&function))
                functions.push_back(Range{r.low, r.high, function});
        sort_by_low(functions);
    }
    Range* function = find(functions, address);
    if (!function) return {};
    return scopes_within(&function->die, address);
}

}  // namespace memscope::symbols
