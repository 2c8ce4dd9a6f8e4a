#include "symbols/function_names.h"

#include <dwarf.h>

#include <cstring>
#include <vector>

#include "symbols/demangle.h"
#include "symbols/dwarf_scopes.h"

namespace memscope::symbols {
namespace {

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

std::string read_name(Dwarf_Die* die) {
    const char* linkage = string_attribute(die, DW_AT_linkage_name);
    if (!linkage) linkage = string_attribute(die, DW_AT_MIPS_linkage_name);
    // Only C++ manglings say more than the source name. Other linkage names
    // are asm labels, such as glibc's internal "__GI_" aliases.
    if (linkage && std::strncmp(linkage, "_Z", 2) == 0) return demangle(linkage);
    if (const char* name = string_attribute(die, DW_AT_name)) return qualified_name(die, name);
    return linkage ? linkage : std::string();
}

}  // namespace

const std::string& FunctionNames::of(Dwarf_Die* die) {
    auto [slot, fresh] = by_die_.try_emplace(die->addr);
    if (fresh) slot->second = read_name(die);
    return slot->second;
}

}  // namespace memscope::symbols
