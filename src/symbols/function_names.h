// Names of functions as the debug info gives them: the demangled C++ linkage
// name where there is one, else the DWARF name qualified by its namespaces and
// classes. Remembered per DIE, since every address in a function asks again.
#pragma once

#include <elfutils/libdw.h>

#include <string>
#include <unordered_map>

namespace memscope::symbols {

class FunctionNames {
  public:
    // The name for a subprogram or inlined-subroutine DIE; "" when it has none.
    const std::string& of(Dwarf_Die* die);

  private:
    std::unordered_map<const void*, std::string> by_die_;  // keyed by the DIE's bytes
};

}  // namespace memscope::symbols
