// The ELF footprint's text and JSON renderings, on a footprint built by hand
// so that every figure in the output is known.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "binary/elf_footprint.h"
#include "report/elf_footprint_json.h"
#include "report/elf_footprint_text.h"

namespace memscope::report {
namespace {

using binary::SectionRole;

binary::ElfFootprint firmware() {
    binary::ElfFootprint fp;
    fp.path = "build/firmware.elf";
    fp.machine = "ARM";
    fp.file_type = "executable";
    fp.class_bits = 32;
    fp.little_endian = true;
    fp.text_bytes = 10300;
    fp.data_bytes = 4196;
    fp.bss_bytes = 123756;
    fp.flash_bytes = 14496;
    fp.ram_bytes = 127952;
    fp.sections = {
        {".text", 0x08000000, 300, SectionRole::kCode, true, false},
        {".rodata", 0x0800012c, 10000, SectionRole::kReadOnlyData, true, false},
        {".tdata", 0x20000000, 100, SectionRole::kThreadLocalData, true, true},
        {".tbss", 0x20000064, 300, SectionRole::kThreadLocalZeroData, false, true},
        {".data", 0x20000190, 4096, SectionRole::kInitializedData, true, true},
        {".bss", 0x20001190, 123456, SectionRole::kZeroInitializedData, false, true},
    };
    fp.symbol_table = ".symtab";
    fp.largest_symbols = {
        {"big_zero", 0x20001190, 123456, ".bss", false, true},
        {"table", 0x0800012c, 10000, ".rodata", true, false},
        {"ns::scaled(int)", 0x08000010, 48, ".text", true, false},
    };
    return fp;
}

TEST(ReportElfFootprintText, HeaderTotalsAndBerkeleyColumns) {
    const std::string text = elf_footprint_text(firmware(), TextStyle(false));
    EXPECT_EQ(text.rfind("build/firmware.elf: ARM 32-bit little-endian executable\n", 0), 0u)
        << text;
    EXPECT_NE(text.find("flash 14,496 bytes (14.16 KiB), RAM 127,952 bytes (125.0 KiB) (static)\n"),
              std::string::npos)
        << text;
    // The same columns and numbers as binutils' size, dec and hex included.
    EXPECT_NE(text.find("   text  data     bss     dec    hex\n"
                        "  10300  4196  123756  138252  21c0c\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("\x1b["), std::string::npos) << "no escapes without colour";
}

TEST(ReportElfFootprintText, SectionAndSymbolTablesAreAligned) {
    const std::string text = elf_footprint_text(firmware(), TextStyle(false));
    EXPECT_NE(
        text.find("  section  address       bytes       size  role                    in\n"
                  "  .text    0x08000000      300      300 B  code                    flash\n"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("  .bss     0x20001190  123,456  120.6 KiB  zero-initialized data   RAM\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  .tdata   0x20000000      100      100 B  thread-local data       "
                        "flash+RAM\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Largest symbols (from .symtab)\n"
                        "    bytes       size  in     section  symbol\n"
                        "  123,456  120.6 KiB  RAM    .bss     big_zero\n"
                        "   10,000   9.77 KiB  flash  .rodata  table\n"
                        "       48       48 B  flash  .text    ns::scaled(int)\n"),
              std::string::npos)
        << text;
}

TEST(ReportElfFootprintText, SixtyFourBitAddressesAndMissingPieces) {
    binary::ElfFootprint fp = firmware();
    fp.class_bits = 64;
    fp.little_endian = false;
    fp.largest_symbols.clear();
    std::string text = elf_footprint_text(fp, TextStyle(false));
    EXPECT_NE(text.find("64-bit big-endian"), std::string::npos) << text;
    EXPECT_NE(text.find("0x0000000008000000"), std::string::npos) << text;
    EXPECT_NE(text.find("No function or object with a size in .symtab."), std::string::npos)
        << text;

    fp.symbol_table.clear();
    fp.has_section_headers = false;
    text = elf_footprint_text(fp, TextStyle(false));
    EXPECT_NE(text.find("No symbol table"), std::string::npos) << text;
    EXPECT_NE(text.find("no section headers"), std::string::npos) << text;
}

// A damaged or hostile file's names are bytes: no terminal escapes get
// through, and the JSON can still be dumped.
TEST(ReportElfFootprint, NamesFromTheFileAreMadeSafe) {
    binary::ElfFootprint fp = firmware();
    fp.sections[0].name = ".te\x1b[2Jxt\xff";
    fp.largest_symbols[0].name = "big\x07zero";
    fp.largest_symbols[0].section = "\xc3(";
    const std::string text = elf_footprint_text(fp, TextStyle(false));
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_EQ(text.find('\x07'), std::string::npos) << text;
    EXPECT_NE(text.find(".te?[2Jxt\xef\xbf\xbd"), std::string::npos) << text;
    EXPECT_NE(text.find("big?zero"), std::string::npos) << text;

    const std::string dumped = elf_footprint_json(fp).dump();
    const nlohmann::json j = nlohmann::json::parse(dumped);
    EXPECT_EQ(j["largest_symbols"][0]["section"], "\xef\xbf\xbd(");
    EXPECT_EQ(j["sections"][0]["name"], ".te\x1b[2Jxt\xef\xbf\xbd") << "escaped by JSON itself";
}

TEST(ReportElfFootprintText, ColourOnlyWhenAskedFor) {
    EXPECT_NE(elf_footprint_text(firmware(), TextStyle(true)).find("\x1b[1m"), std::string::npos);
}

TEST(ReportElfFootprintJson, KeysAndValues) {
    const nlohmann::json j = nlohmann::json::parse(elf_footprint_json(firmware()).dump());
    EXPECT_EQ(j["path"], "build/firmware.elf");
    EXPECT_EQ(j["machine"], "ARM");
    EXPECT_EQ(j["class_bits"], 32);
    EXPECT_EQ(j["little_endian"], true);
    EXPECT_EQ(j["text_bytes"], 10300);
    EXPECT_EQ(j["data_bytes"], 4196);
    EXPECT_EQ(j["bss_bytes"], 123756);
    EXPECT_EQ(j["flash_bytes"], 14496);
    EXPECT_EQ(j["ram_bytes"], 127952);
    EXPECT_EQ(j["symbol_table"], ".symtab");

    ASSERT_EQ(j["sections"].size(), 6u);
    EXPECT_EQ(j["sections"][5], (nlohmann::json{{"name", ".bss"},
                                                {"address", "0x20001190"},
                                                {"size", 123456},
                                                {"role", "zero-initialized data"},
                                                {"in_flash", false},
                                                {"in_ram", true}}));
    EXPECT_EQ(j["sections"][2]["role"], "thread-local data");

    ASSERT_EQ(j["largest_symbols"].size(), 3u);
    EXPECT_EQ(j["largest_symbols"][1], (nlohmann::json{{"name", "table"},
                                                       {"address", "0x800012c"},
                                                       {"size", 10000},
                                                       {"section", ".rodata"},
                                                       {"in_flash", true},
                                                       {"in_ram", false}}));
}

TEST(ReportElfFootprintJson, KeysKeepTheirOrderAndNoTableIsNull) {
    binary::ElfFootprint fp = firmware();
    fp.symbol_table.clear();
    fp.largest_symbols.clear();
    const nlohmann::ordered_json j = elf_footprint_json(fp);
    EXPECT_TRUE(j["symbol_table"].is_null());
    EXPECT_TRUE(j["largest_symbols"].is_array());
    EXPECT_EQ(j.begin().key(), "path");
    EXPECT_EQ(j.items().begin().key(), "path");
    EXPECT_EQ(std::prev(j.end()).key(), "largest_symbols");
}

}  // namespace
}  // namespace memscope::report
