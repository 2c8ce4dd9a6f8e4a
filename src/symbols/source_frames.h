// What the debug info of one module says about one instruction: the chain of
// functions inlined at that point and the real function that holds them.
#pragma once

#include <elfutils/libdwfl.h>

#include <vector>

#include "symbols/dwarf_index.h"
#include "symbols/function_names.h"
#include "symbols/symbolizer.h"

namespace memscope::symbols {

// Frames for the instruction at pc (an address in the process, within
// module, looked up through dwarf, named through names), innermost inline frame first. Sets
// function, file, line and inlined; module fields are left to the caller. Falls back to the ELF
// symbol table when there is no DWARF. Empty when nothing at all is known.
std::vector<Frame> source_frames(Dwfl_Module* module, DwarfIndex& dwarf, FunctionNames& names,
                                 Dwarf_Addr pc);

}  // namespace memscope::symbols
