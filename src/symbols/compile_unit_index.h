// Finding the compile unit that holds an address in one module.
#pragma once

#include <elfutils/libdwfl.h>

#include <vector>

namespace memscope::symbols {

class CompileUnitIndex {
  public:
    explicit CompileUnitIndex(Dwfl_Module* module) : module_(module) {}

    // The CU DIE covering pc (a process address) and the bias to subtract
    // from pc to get a DWARF address; nullptr when no CU covers it.
    Dwarf_Die* find(Dwarf_Addr pc, Dwarf_Addr* bias);

  private:
    struct Range {
        Dwarf_Addr low;
        Dwarf_Addr high;  // exclusive, DWARF addresses
        Dwarf_Die* cu;
    };
    void build_ranges();

    Dwfl_Module* module_;
    bool ranges_built_ = false;
    Dwarf_Addr bias_ = 0;
    std::vector<Range> ranges_;  // sorted by low
};

}  // namespace memscope::symbols
