// Address lookups in one module's DWARF, indexed on first use: which compile
// unit holds an address, and which function within it.
#pragma once

#include <elfutils/libdwfl.h>

#include <unordered_map>
#include <vector>

namespace memscope::symbols {

class DwarfIndex {
  public:
    explicit DwarfIndex(Dwfl_Module* module) : module_(module) {}

    // The CU DIE covering pc (a process address) and the bias to subtract
    // from pc to get a DWARF address; nullptr when no CU covers it.
    Dwarf_Die* unit_at(Dwarf_Addr pc, Dwarf_Addr* bias);

    // The scopes of cu whose code covers address (a DWARF address):
    // subprogram, inlined subroutines, blocks; innermost first.
    std::vector<Dwarf_Die> scopes_at(Dwarf_Die* cu, Dwarf_Addr address);

  private:
    struct Range {
        Dwarf_Addr low;
        Dwarf_Addr high;  // exclusive
        Dwarf_Die die;
    };
    static Range* find(std::vector<Range>& sorted, Dwarf_Addr address);
    void index_units();

    Dwfl_Module* module_;
    bool units_indexed_ = false;
    Dwarf_Addr unit_bias_ = 0;
    std::vector<Range> units_;                                             // sorted by low
    std::unordered_map<Dwarf_Off, std::vector<Range>> functions_by_unit_;  // sorted by low
};

}  // namespace memscope::symbols
