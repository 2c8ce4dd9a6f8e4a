// Walking a compile unit's DIE tree. libdw's dwarf_getscopes does not look
// inside namespaces (where clang puts function definitions) and, above an
// inlined instance, continues with the abstract definition's scopes instead
// of the caller's; these walks follow the concrete nesting.
#pragma once

#include <elfutils/libdw.h>

#include <vector>

namespace memscope::symbols {

struct AddressRange {
    Dwarf_Addr low;
    Dwarf_Addr high;  // exclusive
};

// The non-empty address ranges of a DIE (low_pc/high_pc or DW_AT_ranges).
std::vector<AddressRange> address_ranges(Dwarf_Die* die);

// The functions of a unit that are not nested in other functions, found
// through namespaces and classes; only those with code.
std::vector<Dwarf_Die> outermost_functions(Dwarf_Die* cu);

// function and the inlined subroutines and blocks within it whose code
// covers address (a DWARF address), innermost first; empty when function
// itself does not cover it.
std::vector<Dwarf_Die> scopes_within(Dwarf_Die* function, Dwarf_Addr address);

// The DIEs enclosing die, its parent first and the unit DIE last.
std::vector<Dwarf_Die> enclosing_dies(Dwarf_Die* die);

}  // namespace memscope::symbols
