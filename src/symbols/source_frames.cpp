#include "symbols/source_frames.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "symbols/demangle.h"

namespace memscope::symbols {
namespace {

struct Location {
    std::string file;
    std::uint32_t line = 0;
};

// libdw hands out malloc'd DIE arrays.
std::vector<Dwarf_Die> take_dies(Dwarf_Die* dies, int count) {
    std::vector<Dwarf_Die> out;
    if (dies && count > 0) out.assign(dies, dies + count);
    std::free(dies);
    return out;
}

// The DIEs that physically enclose pc, innermost first. dwarf_getscopes alone
// continues above an inlined instance with the scopes of its abstract
// definition, not with its caller, so the innermost DIE is looked up again
// with dwarf_getscopes_die, which follows the concrete nesting.
std::vector<Dwarf_Die> enclosing_scopes(Dwfl_Module* module, Dwarf_Addr pc) {
    Dwarf_Addr bias = 0;
    Dwarf_Die* cu = dwfl_module_addrdie(module, pc, &bias);
    if (!cu) return {};
    Dwarf_Die* scopes = nullptr;
    const int count = dwarf_getscopes(cu, pc - bias, &scopes);
    std::vector<Dwarf_Die> by_pc = take_dies(scopes, count);
    if (by_pc.empty()) return {};
    Dwarf_Die* nested = nullptr;
    const int nested_count = dwarf_getscopes_die(&by_pc.front(), &nested);
    std::vector<Dwarf_Die> chain = take_dies(nested, nested_count);
    return chain.empty() ? by_pc : chain;
}

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
    Dwarf_Die* scopes = nullptr;
    const int count = dwarf_getscopes_die(&declaration, &scopes);
    std::vector<Dwarf_Die> chain = take_dies(scopes, count);
    std::string qualified = name;
    for (std::size_t i = 1; i < chain.size(); ++i) {
        if (!is_named_scope(dwarf_tag(&chain[i]))) continue;
        const char* scope_name = dwarf_diename(&chain[i]);
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

Location line_table_location(Dwfl_Module* module, Dwarf_Addr pc) {
    Location where;
    Dwfl_Line* row = dwfl_module_getsrc(module, pc);
    if (!row) return where;
    int line = 0;
    const char* file = dwfl_lineinfo(row, nullptr, &line, nullptr, nullptr, nullptr);
    if (file) where.file = file;
    if (line > 0) where.line = static_cast<std::uint32_t>(line);
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

std::vector<Frame> source_frames(Dwfl_Module* module, Dwarf_Addr pc) {
    std::vector<Frame> frames;
    // The line table places the innermost code; each inlined instance's call
    // site places the code of the function it was inlined into.
    Location where = line_table_location(module, pc);
    bool reached_function = false;
    for (Dwarf_Die& scope : enclosing_scopes(module, pc)) {
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
