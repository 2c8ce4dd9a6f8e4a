#include "symbols/source_frames.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <cstdint>
#include <string>

#include "symbols/demangle.h"
#include "symbols/dwarf_scopes.h"

namespace memscope::symbols {
namespace {

struct Location {
    std::string file;
    std::uint32_t line = 0;
};

const char* string_attribute(Dwarf_Die* die, unsigned int name) {
    Dwarf_Attribute attr;
    // _integrate follows DW_AT_abstract_origin and DW_AT_specification, where
    // inlined and out-of-class definitions keep their names.
    if (!dwarf_attr_integrate(die, name, &attr)) return nullptr;
    return dwarf_formstring(&attr);
}

bool is_named_scope(int tag) {
    return tag == DW_TAG_namespace || tag == DW_TAG_class_type || tag == DW_TAG_structure_type ||
           tag == DW_TAG_union_type;
}

// "ns::Class::name" from the namespaces and classes around the declaration,
// for functions whose DIE carries no linkage name.
std::string qualified_name(Dwarf_Die* die, const char* name) {
    Dwarf_Die declaration = *die;
    Dwarf_Attribute attr;
    for (int hops = 0; hops < 8; ++hops) {
        Dwarf_Die next;
        if ((dwarf_attr(&declaration, DW_AT_abstract_origin, &attr) ||
             dwarf_attr(&declaration, DW_AT_specification, &attr)) &&
            dwarf_formref_die(&attr, &next))
            declaration = next;
        else
            break;
    }
    const std::vector<Dwarf_Die> chain = enclosing_dies(&declaration);
    std::string qualified = name;
    for (Dwarf_Die scope : chain) {
        if (!is_named_scope(dwarf_tag(&scope))) continue;
        const char* scope_name = dwarf_diename(&scope);
        qualified =
            std::string(scope_name ? scope_name : "(anonymous namespace)") + "::" + qualified;
    }
    return qualified;
}

std::string function_name(Dwarf_Die* die) {
    const char* linkage = string_attribute(die, DW_AT_linkage_name);
    if (!linkage) linkage = string_attribute(die, DW_AT_MIPS_linkage_name);
    if (linkage) return demangle(linkage);
    const char* name = string_attribute(die, DW_AT_name);
    return name ? qualified_name(die, name) : std::string();
}

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

std::vector<Frame> source_frames(Dwfl_Module* module, CompileUnitIndex& units, Dwarf_Addr pc) {
    std::vector<Frame> frames;
    Location where;
    std::vector<Dwarf_Die> scopes;
    Dwarf_Addr bias = 0;
    if (Dwarf_Die* cu = units.find(pc, &bias)) {
        // The line table places the innermost code; each inlined instance's
        // call site places the code of the function it was inlined into.
        where = line_table_location(cu, pc - bias);
        scopes = scopes_at_address(cu, pc - bias);
    }
    bool reached_function = false;
    for (Dwarf_Die& scope : scopes) {
        const int tag = dwarf_tag(&scope);
        if (tag == DW_TAG_inlined_subroutine) {
            frames.push_back(make_frame(function_name(&scope), where, true));
            where = call_site(&scope);
        } else if (tag == DW_TAG_subprogram) {
            std::string name = function_name(&scope);
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
