#include "binary/elf_symbols.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "symbols/demangle.h"

namespace memscope::binary {

namespace {

struct Candidate {
    const char* name = nullptr;
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    std::size_t section = 0;  // index into the section list, or kCommon
    int binding_rank = 0;
};

// Tentative definitions in relocatable objects built with -fcommon: no section
// yet, the linker puts them in .bss.
constexpr std::size_t kCommon = static_cast<std::size_t>(-1);

Elf_Scn* find_section(Elf* elf, std::uint32_t type, GElf_Shdr& header) {
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn))
        if (gelf_getshdr(scn, &header) != nullptr && header.sh_type == type) return scn;
    return nullptr;
}

// Extended section indices (for files with more than 0xff00 sections) are in
// a parallel table that names the symbol table it belongs to.
Elf_Data* extended_indices(Elf* elf, std::size_t symbol_table_index) {
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
        GElf_Shdr header;
        if (gelf_getshdr(scn, &header) != nullptr && header.sh_type == SHT_SYMTAB_SHNDX &&
            header.sh_link == symbol_table_index)
            return elf_getdata(scn, nullptr);
    }
    return nullptr;
}

// Aliases share one place; the name kept is the one a reader would look for:
// global before weak before local (glibc's malloc over __libc_malloc's
// local twin), then fewer leading underscores, then the shorter one.
int binding_rank(unsigned char binding) {
    switch (binding) {
        case STB_GLOBAL:
            return 0;
        case STB_WEAK:
            return 1;
        case STB_LOCAL:
            return 2;
        default:
            return 3;
    }
}

auto preference(const Candidate& c) {
    const std::size_t len = std::strlen(c.name);
    return std::make_tuple(c.binding_rank, std::strspn(c.name, "_"), len);
}

bool same_place(const Candidate& a, const Candidate& b) {
    return a.section == b.section && a.address == b.address && a.size == b.size;
}

}  // namespace

SymbolTable largest_symbols(const ElfFile& file, const std::vector<SymbolSection>& sections,
                            std::optional<std::uint64_t> tls_base, std::size_t limit) {
    SymbolTable table;
    Elf* elf = file.elf();
    GElf_Shdr header;
    Elf_Scn* scn = find_section(elf, SHT_SYMTAB, header);
    if (scn == nullptr) scn = find_section(elf, SHT_DYNSYM, header);
    if (scn == nullptr) return table;
    table.name = header.sh_type == SHT_SYMTAB ? ".symtab" : ".dynsym";

    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr) file.fail("unreadable symbol table " + table.name);
    const std::size_t entry_size = gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);
    const std::size_t count = entry_size == 0 ? 0 : data->d_size / entry_size;
    Elf_Data* xindex = extended_indices(elf, elf_ndxscn(scn));

    std::vector<Candidate> found;
    for (std::size_t i = 1; i < count; ++i) {  // entry 0 is the reserved null symbol
        GElf_Sym sym;
        Elf32_Word extended = 0;
        if (gelf_getsymshndx(data, xindex, static_cast<int>(i), &sym, &extended) == nullptr)
            continue;
        const unsigned char type = GELF_ST_TYPE(sym.st_info);
        if (type != STT_FUNC && type != STT_OBJECT && type != STT_TLS) continue;
        if (sym.st_size == 0) continue;
        std::size_t section = sym.st_shndx == SHN_XINDEX ? extended : sym.st_shndx;
        if (sym.st_shndx == SHN_COMMON) {
            section = kCommon;
        } else if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS ||
                   section >= sections.size() || !sections[section].allocated) {
            continue;  // defined elsewhere, or not in memory
        }
        const char* name = elf_strptr(elf, header.sh_link, sym.st_name);
        if (name == nullptr || *name == '\0') continue;
        std::uint64_t address = sym.st_value;
        if (type == STT_TLS && tls_base) address += *tls_base;
        found.push_back(
            {name, address, sym.st_size, section, binding_rank(GELF_ST_BIND(sym.st_info))});
    }

    std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
        if (!same_place(a, b))
            return std::tie(a.section, a.address, a.size) < std::tie(b.section, b.address, b.size);
        const auto pa = preference(a), pb = preference(b);
        return pa != pb ? pa < pb : std::strcmp(a.name, b.name) < 0;
    });
    found.erase(std::unique(found.begin(), found.end(), same_place), found.end());

    // Largest first; equal sizes by name, so that the output does not depend on
    // the symbol table's order.
    const auto larger = [](const Candidate& a, const Candidate& b) {
        if (a.size != b.size) return a.size > b.size;
        const int by_name = std::strcmp(a.name, b.name);
        return by_name != 0 ? by_name < 0 : a.address < b.address;
    };
    const std::size_t kept = std::min(limit, found.size());
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(kept), found.end(),
                      larger);
    found.resize(kept);

    for (const Candidate& c : found) {
        SymbolFootprint s;
        s.name = symbols::demangle(c.name);
        s.address = c.address;
        s.size = c.size;
        if (c.section == kCommon) {
            s.section = "COMMON";
            s.in_ram = true;
        } else {
            s.section = sections[c.section].name;
            s.in_flash = sections[c.section].in_flash;
            s.in_ram = sections[c.section].in_ram;
        }
        table.largest.push_back(std::move(s));
    }
    return table;
}

}  // namespace memscope::binary
