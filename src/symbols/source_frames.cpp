#include "symbols/source_frames.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <cstdint>
#include <string>

#include "symbols/demangle.h"

namespace memscope::symbols {
namespace {

struct Location {
    std::string file;
    std::uint32_t line = 0;
};

// Where an inlined instance was called from: a place in the enclosing function.
Location call_site(Dwarf_Die* inlined) {
    Location where;
    Dwarf_Attribute attr;
    Dwarf_Word value = 0;
    if (dwarf_attr(inlined, DW_AT_call_line, &attr) && dwarf_formudata(&attr, &value) == 0)
        where.line = static_cast<std::uint32_t>(value);
    if (!dwarf_attr(inlined, DW_AT_call_file, &attr) || dwarf_formudata(&attr, &value) != 0)
        return where;
    Dwarf_Die cu;
    Dwarf_Files* files = nullptr;
    std::size_t file_count = 0;
    if (dwarf_diecu(inlined, &cu, nullptr, nullptr) &&
        dwarf_getsrcfiles(&cu, &files, &file_count) == 0 && value < file_count) {
        const char* file = dwarf_filesrc(files, value, nullptr, nullptr);
        if (file) where.file = file;
    }
    return where;
}

Location line_table_location(Dwarf_Die* cu, Dwarf_Addr address) {
    Location where;
    Dwarf_Line* row = dwarf_getsrc_die(cu, address);
    if (!row) return where;
    const char* file = dwarf_linesrc(row, nullptr, nullptr);
    int line = 0;
    if (file) where.file = file;
    if (dwarf_lineno(row, &line) == 0 && line > 0) where.line = static_cast<std::uint32_t>(line);
    return where;
}

std::string symbol_table_name(Dwfl_Module* module, Dwarf_Addr pc) {
    GElf_Off offset = 0;
    GElf_Sym symbol;
    const char* name =
        dwfl_module_addrinfo(module, pc, &offset, &symbol, nullptr, nullptr, nullptr);
    return name ? demangle(name) : std::string();
}

Frame make_frame(std::string function, const Location& where, bool inlined) {
    Frame frame;
    frame.function = std::move(function);
    frame.file = where.file;
    frame.line = where.file.empty() ? 0 : where.line;
    frame.inlined = inlined;
    return frame;
}

}  // namespace

std::vector<Frame> source_frames(Dwfl_Module* module, DwarfIndex& dwarf, FunctionNames& names,
                                 Dwarf_Addr pc) {
    std::vector<Frame> frames;
    frames.reserve(4);
    Location where;
    std::vector<Dwarf_Die> scopes;
    Dwarf_Addr bias = 0;
    if (Dwarf_Die* cu = dwarf.unit_at(pc, &bias)) {
        // The line table places the innermost code; each inlined instance's
        // call site places the code of the function it was inlined into.
        where = line_table_location(cu, pc - bias);
        scopes = dwarf.scopes_at(cu, pc - bias);
    }
    bool reached_function = false;
    for (Dwarf_Die& scope : scopes) {
        const int tag = dwarf_tag(&scope);
        if (tag == DW_TAG_inlined_subroutine) {
            frames.push_back(make_frame(names.of(&scope), where, true));
            where = call_site(&scope);
        } else if (tag == DW_TAG_subprogram) {
            std::string name = names.of(&scope);
            if (name.empty()) name = symbol_table_name(module, pc);
            frames.push_back(make_frame(std::move(name), where, false));
            reached_function = true;
            break;
        }
    }
    if (!reached_function) {
        std::string name = symbol_table_name(module, pc);
        if (!name.empty() || !where.file.empty())
            frames.push_back(make_frame(std::move(name), where, false));
        else if (!frames.empty())
            frames.back().inlined = false;  // the outermost known frame stands for the function
    }
    return frames;
}

}  // namespace memscope::symbols
