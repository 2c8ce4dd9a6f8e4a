// Walking a compile unit's DIE tree: which scopes hold an address, and which
// DIEs enclose a given DIE. libdw's dwarf_getscopes does not look inside
// namespaces (where clang puts function definitions) and, above an inlined
// instance, continues with the abstract definition's scopes instead of the
// caller; these walks follow the concrete nesting.
#pragma once

#include <elfutils/libdw.h>

#include <vector>

namespace memscope::symbols {

// The subprogram, inlined-subroutine and block DIEs whose code covers
// address (a DWARF address), innermost first.
std::vector<Dwarf_Die> scopes_at_address(Dwarf_Die* cu, Dwarf_Addr address);

// The DIEs enclosing die, its parent first and the unit DIE last.
std::vector<Dwarf_Die> enclosing_dies(Dwarf_Die* die);

}  // namespace memscope::symbols
