#include "symbols/dwarf_scopes.h"

#include <dwarf.h>

#include <algorithm>
#include <limits>

namespace memscope::symbols {
namespace {

// Real DWARF nests a handful of levels; the bound only stops hostile input.
constexpr int kMaxDepth = 64;

bool has_code(int tag) {
    switch (tag) {
        case DW_TAG_subprogram:
        case DW_TAG_inlined_subroutine:
        case DW_TAG_lexical_block:
        case DW_TAG_try_block:
        case DW_TAG_catch_block:
        case DW_TAG_entry_point:
            return true;
        default:
            return false;
    }
}

// Containers without addresses of their own whose children may have some.
bool may_hold_functions(int tag) {
    switch (tag) {
        case DW_TAG_namespace:
        case DW_TAG_module:
        case DW_TAG_class_type:
        case DW_TAG_structure_type:
        case DW_TAG_union_type:
            return true;
        default:
            return false;
    }
}

void collect_functions(Dwarf_Die* parent, std::vector<Dwarf_Die>& out, int depth) {
    if (depth > kMaxDepth) return;
    Dwarf_Die child;
    if (dwarf_child(parent, &child) != 0) return;
    do {
        const int tag = dwarf_tag(&child);
        if (tag == DW_TAG_subprogram) {
            Dwarf_Addr low = 0;
            // Declarations and abstract instances have no code: skip them.
            if (dwarf_lowpc(&child, &low) == 0 || dwarf_hasattr(&child, DW_AT_ranges))
                out.push_back(child);
        } else if (may_hold_functions(tag)) {
            collect_functions(&child, out, depth + 1);
        }
    } while (dwarf_siblingof(&child, &child) == 0);
}

// Appends to chain (outermost first) the scopes below parent that cover address.
void descend_to_address(Dwarf_Die* parent, Dwarf_Addr address, std::vector<Dwarf_Die>& chain,
                        int depth) {
    if (depth > kMaxDepth) return;
    Dwarf_Die child;
    if (dwarf_child(parent, &child) != 0) return;
    do {
        if (has_code(dwarf_tag(&child)) && dwarf_haspc(&child, address) == 1) {
            chain.push_back(child);
            descend_to_address(&child, address, chain, depth + 1);
            return;
        }
    } while (dwarf_siblingof(&child, &child) == 0);
}

}  // namespace

std::vector<AddressRange> address_ranges(Dwarf_Die* die) {
    std::vector<AddressRange> ranges;
    Dwarf_Addr base = 0;
    Dwarf_Addr low = 0;
    Dwarf_Addr high = 0;
    ptrdiff_t offset = 0;
    while ((offset = dwarf_ranges(die, offset, &base, &low, &high)) > 0)
        if (high > low) ranges.push_back(AddressRange{low, high});
    return ranges;
}

std::vector<Dwarf_Die> outermost_functions(Dwarf_Die* cu) {
    std::vector<Dwarf_Die> functions;
    collect_functions(cu, functions, 0);
    return functions;
}

std::vector<Dwarf_Die> scopes_within(Dwarf_Die* function, Dwarf_Addr address) {
    std::vector<Dwarf_Die> chain;
    if (dwarf_haspc(function, address) != 1) return chain;
    chain.push_back(*function);
    descend_to_address(function, address, chain, 0);
    std::reverse(chain.begin(), chain.end());
    return chain;
}

std::vector<Dwarf_Die> enclosing_dies(Dwarf_Die* die) {
    std::vector<Dwarf_Die> chain;
    Dwarf_Die cu;
    if (!dwarf_diecu(die, &cu, nullptr, nullptr)) return chain;
    const Dwarf_Off target = dwarf_dieoffset(die);
    chain.push_back(cu);
    // A DIE's subtree spans the offsets up to its next sibling's, so at each
    // level exactly one child can hold the target.
    Dwarf_Die parent = cu;
    for (int depth = 0; depth < kMaxDepth; ++depth) {
        Dwarf_Die child;
        if (dwarf_child(&parent, &child) != 0) return {};
        bool descended = false;
        while (!descended) {
            const Dwarf_Off start = dwarf_dieoffset(&child);
            if (start == target) {
                std::reverse(chain.begin(), chain.end());
                return chain;
            }
            Dwarf_Die sibling;
            const int more = dwarf_siblingof(&child, &sibling);
            if (more < 0) return {};
            const Dwarf_Off end =
                more == 0 ? dwarf_dieoffset(&sibling) : std::numeric_limits<Dwarf_Off>::max();
            if (target > start && target < end) {
                chain.push_back(child);
                parent = child;
                descended = true;
            } else if (more != 0) {
                return {};
            } else {
                child = sibling;
            }
        }
    }
    return {};
}

}  // namespace memscope::symbols
