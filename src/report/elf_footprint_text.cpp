#include "report/elf_footprint_text.h"

#include <fmt/format.h>

#include "report/markup_escape.h"
#include "report/text_table.h"
#include "report/units.h"

namespace memscope::report {

namespace {

using Align = TextTable::Align;

// Section and symbol names are whatever bytes the file holds; a damaged or
// hostile file must not move the cursor or recolour the terminal.
std::string printable(const std::string& bytes) {
    std::string out = valid_utf8(bytes);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

// Exact bytes first: a budget is checked to the byte, the unit is for reading.
std::string bytes_both(std::uint64_t n) {
    return fmt::format("{} bytes ({})", format_count(n), format_bytes(n));
}

// As wide as the file's addresses can be, so that a column lines up.
std::string address_text(std::uint64_t address, unsigned class_bits) {
    return fmt::format("{:#0{}x}", address, 2 + (class_bits == 32 ? 8 : 16));
}

std::string where(bool in_flash, bool in_ram) {
    if (in_flash && in_ram) return "flash+RAM";
    if (in_flash) return "flash";
    if (in_ram) return "RAM";
    return "-";
}

std::string berkeley_text(const binary::ElfFootprint& fp) {
    const std::uint64_t total = fp.text_bytes + fp.data_bytes + fp.bss_bytes;
    TextTable t({Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight});
    t.add_row({"text", "data", "bss", "dec", "hex"});
    t.add_row({std::to_string(fp.text_bytes), std::to_string(fp.data_bytes),
               std::to_string(fp.bss_bytes), std::to_string(total), fmt::format("{:x}", total)});
    return t.render("  ");
}

std::string sections_text(const binary::ElfFootprint& fp) {
    TextTable t(
        {Align::kLeft, Align::kLeft, Align::kRight, Align::kRight, Align::kLeft, Align::kLeft});
    t.add_row({"section", "address", "bytes", "size", "role", "in"});
    for (const binary::SectionFootprint& s : fp.sections)
        t.add_row({printable(s.name), address_text(s.address, fp.class_bits), format_count(s.size),
                   format_bytes(s.size), std::string(binary::role_name(s.role)),
                   where(s.in_flash, s.in_ram)});
    return t.render("  ");
}

std::string symbols_text(const binary::ElfFootprint& fp) {
    TextTable t({Align::kRight, Align::kRight, Align::kLeft, Align::kLeft, Align::kLeft});
    t.add_row({"bytes", "size", "in", "section", "symbol"});
    for (const binary::SymbolFootprint& s : fp.largest_symbols)
        t.add_row({format_count(s.size), format_bytes(s.size), where(s.in_flash, s.in_ram),
                   printable(s.section), printable(s.name)});
    return t.render("  ");
}

}  // namespace

std::string elf_footprint_text(const binary::ElfFootprint& fp, const TextStyle& style) {
    std::string out = style.heading(fmt::format(
                          "{}: {} {}-bit {}-endian {}", printable(fp.path), fp.machine,
                          fp.class_bits, fp.little_endian ? "little" : "big", fp.file_type)) +
                      "\n";
    out += fmt::format("flash {}, RAM {} (static)\n", bytes_both(fp.flash_bytes),
                       bytes_both(fp.ram_bytes));
    out +=
        style.muted(
            "RAM here is what the file reserves; heap and stacks come on top (docs/binary.md).") +
        "\n";
    if (!fp.has_section_headers)
        out += style.warning(
                   "The file has no section headers: every figure is 0, as `size` reports it.") +
               "\n";

    out += "\n" + style.heading("size (Berkeley format)") + "\n" + berkeley_text(fp);
    if (!fp.sections.empty())
        out += "\n" + style.heading("Allocated sections") + "\n" + sections_text(fp);

    out += "\n";
    if (!fp.has_symbol_table()) {
        out += "No symbol table (.symtab or .dynsym): largest symbols unknown.\n";
    } else if (fp.largest_symbols.empty()) {
        out += fmt::format("No function or object with a size in {}.\n", fp.symbol_table);
    } else {
        out += style.heading(fmt::format("Largest symbols (from {})", fp.symbol_table)) + "\n" +
               symbols_text(fp);
    }
    return out;
}

}  // namespace memscope::report
