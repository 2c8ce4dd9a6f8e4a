// C++ demangling of linkage names found in DWARF and ELF symbol tables.
#pragma once

#include <string>

namespace memscope::symbols {

// The demangled form of an Itanium-ABI name ("_Z..."); any other name (C
// functions, already readable names, names the demangler rejects) unchanged.
std::string demangle(const char* name);

}  // namespace memscope::symbols
