#include "binary/elf_footprint.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "binary/elf_file.h"
#include "binary/elf_machine.h"
#include "binary/elf_symbols.h"
#include "binary/section_accounting.h"

namespace memscope::binary {

namespace {

struct Segments {
    bool has_interpreter = false;
    std::optional<std::uint64_t> tls_base;
};

// Program headers only name the file type and place thread-local symbols; a
// damaged table costs those details, not the footprint, so it is not an error.
Segments read_segments(const ElfFile& file) {
    Segments s;
    std::size_t count = 0;
    if (elf_getphdrnum(file.elf(), &count) != 0) return s;
    for (std::size_t i = 0; i < count; ++i) {
        GElf_Phdr ph;
        if (gelf_getphdr(file.elf(), static_cast<int>(i), &ph) == nullptr) break;
        if (ph.p_type == PT_INTERP) s.has_interpreter = true;
        if (ph.p_type == PT_TLS) s.tls_base = ph.p_vaddr;
    }
    return s;
}

void add_to_totals(ElfFootprint& fp, const SectionAccounting& a, std::uint64_t size) {
    switch (a.column) {
        case BerkeleyColumn::kText:
            fp.text_bytes += size;
            break;
        case BerkeleyColumn::kData:
            fp.data_bytes += size;
            break;
        case BerkeleyColumn::kBss:
            fp.bss_bytes += size;
            break;
    }
    if (a.in_flash) fp.flash_bytes += size;
    if (a.in_ram) fp.ram_bytes += size;
}

ElfFootprint footprint_of(const ElfFile& file, std::string path, std::size_t symbol_limit) {
    const GElf_Ehdr& header = file.header();
    Elf* elf = file.elf();

    ElfFootprint fp;
    fp.path = std::move(path);
    fp.machine = machine_name(header.e_machine);
    fp.class_bits = header.e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;
    fp.little_endian = header.e_ident[EI_DATA] == ELFDATA2LSB;
    const Segments segments = read_segments(file);
    // Relocatable objects keep thread-local symbols relative to their section.
    const std::optional<std::uint64_t> tls_base =
        header.e_type == ET_REL ? std::nullopt : segments.tls_base;
    fp.file_type = file_type_name(header.e_type, segments.has_interpreter);
    fp.has_section_headers = file.section_count() != 0;

    std::vector<SymbolSection> by_index(file.section_count());
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
        const std::size_t index = elf_ndxscn(scn);
        GElf_Shdr sh;
        if (gelf_getshdr(scn, &sh) == nullptr || index >= by_index.size())
            file.fail(fmt::format("unreadable section header {}", index));
        const char* name = elf_strptr(elf, file.section_name_index(), sh.sh_name);
        by_index[index].name = name != nullptr ? name : "";
        if ((sh.sh_flags & SHF_ALLOC) == 0) continue;

        const SectionAccounting a = account_section(sh.sh_type, sh.sh_flags);
        add_to_totals(fp, a, sh.sh_size);
        by_index[index].allocated = true;
        by_index[index].in_flash = a.in_flash;
        by_index[index].in_ram = a.in_ram;
        if (sh.sh_size == 0) continue;
        fp.sections.push_back(
            {by_index[index].name, sh.sh_addr, sh.sh_size, a.role, a.in_flash, a.in_ram});
    }
    // Relocatable objects have every address at 0; they keep the file's order.
    std::stable_sort(
        fp.sections.begin(), fp.sections.end(),
        [](const SectionFootprint& a, const SectionFootprint& b) { return a.address < b.address; });

    SymbolTable symbols = largest_symbols(file, by_index, tls_base, symbol_limit);
    fp.symbol_table = std::move(symbols.name);
    fp.largest_symbols = std::move(symbols.largest);
    return fp;
}

}  // namespace

ElfFootprint read_elf_footprint(const std::string& path, std::size_t symbol_limit) {
    const ElfFile file(path);
    return footprint_of(file, path, symbol_limit);
}

ElfFootprint read_elf_footprint_from_memory(const void* data, std::size_t size, std::string name,
                                            std::size_t symbol_limit) {
    const ElfFile file(name, data, size);
    return footprint_of(file, std::move(name), symbol_limit);
}

std::string_view role_name(SectionRole role) {
    switch (role) {
        case SectionRole::kCode:
            return "code";
        case SectionRole::kReadOnlyData:
            return "read-only data";
        case SectionRole::kInitializedData:
            return "initialized data";
        case SectionRole::kZeroInitializedData:
            return "zero-initialized data";
        case SectionRole::kThreadLocalData:
            return "thread-local data";
        case SectionRole::kThreadLocalZeroData:
            return "thread-local zero data";
    }
    return "unknown";
}

}  // namespace memscope::binary
