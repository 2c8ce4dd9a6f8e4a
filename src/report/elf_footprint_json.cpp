#include "report/elf_footprint_json.h"

#include <fmt/format.h>

#include "report/markup_escape.h"

namespace memscope::report {

namespace {

using Json = nlohmann::ordered_json;

// Names come from the file as bytes; dump() throws on invalid UTF-8.
std::string text(const std::string& bytes) {
    return valid_utf8(bytes);
}

std::string hex(std::uint64_t address) {
    return fmt::format("{:#x}", address);
}

Json section_json(const binary::SectionFootprint& s) {
    Json j;
    j["name"] = text(s.name);
    j["address"] = hex(s.address);
    j["size"] = s.size;
    j["role"] = binary::role_name(s.role);
    j["in_flash"] = s.in_flash;
    j["in_ram"] = s.in_ram;
    return j;
}

Json symbol_json(const binary::SymbolFootprint& s) {
    Json j;
    j["name"] = text(s.name);
    j["address"] = hex(s.address);
    j["size"] = s.size;
    j["section"] = text(s.section);
    j["in_flash"] = s.in_flash;
    j["in_ram"] = s.in_ram;
    return j;
}

}  // namespace

nlohmann::ordered_json elf_footprint_json(const binary::ElfFootprint& fp) {
    Json sections = Json::array();
    for (const binary::SectionFootprint& s : fp.sections) sections.push_back(section_json(s));
    Json symbols = Json::array();
    for (const binary::SymbolFootprint& s : fp.largest_symbols) symbols.push_back(symbol_json(s));
    return Json{
        {"path", text(fp.path)},
        {"machine", fp.machine},
        {"class_bits", fp.class_bits},
        {"little_endian", fp.little_endian},
        {"file_type", fp.file_type},
        {"text_bytes", fp.text_bytes},
        {"data_bytes", fp.data_bytes},
        {"bss_bytes", fp.bss_bytes},
        {"flash_bytes", fp.flash_bytes},
        {"ram_bytes", fp.ram_bytes},
        {"has_section_headers", fp.has_section_headers},
        {"has_symbol_table", fp.has_symbol_table()},
        // null rather than "" when there is none, so consumers need not know the convention.
        {"symbol_table", fp.symbol_table.empty() ? Json(nullptr) : Json(fp.symbol_table)},
        {"sections", std::move(sections)},
        {"largest_symbols", std::move(symbols)},
    };
}

}  // namespace memscope::report
