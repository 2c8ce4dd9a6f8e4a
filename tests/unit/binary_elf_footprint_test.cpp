// The ELF footprint reader against binaries of known contents
// (tests/data/binary) and against binutils' size, and on files that are not
// ELF or are damaged.
#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "binary/elf_footprint.h"
#include "data/binary/footprint_fixtures.h"
#include "support/temp_dir.h"

namespace memscope::binary {
namespace {

namespace fx = test_fixture;

const SymbolFootprint* find_symbol(const ElfFootprint& fp, const std::string& name) {
    for (const SymbolFootprint& s : fp.largest_symbols)
        if (s.name == name) return &s;
    return nullptr;
}

const SectionFootprint* find_section(const ElfFootprint& fp, const std::string& name) {
    for (const SectionFootprint& s : fp.sections)
        if (s.name == name) return &s;
    return nullptr;
}

void expect_matches_size(const ElfFootprint& fp) {
    if (!fx::kHaveSize) GTEST_SKIP() << "binutils' size was not found at configure time";
    const auto expected = fx::size_says(fp.path);
    ASSERT_TRUE(expected.has_value()) << "size failed on " << fp.path;
    EXPECT_EQ(fp.text_bytes, expected->text) << fp.path;
    EXPECT_EQ(fp.data_bytes, expected->data) << fp.path;
    EXPECT_EQ(fp.bss_bytes, expected->bss) << fp.path;
}

// The documented rule, section by section; and for these fixtures (no
// read-only SHT_NOBITS, no writable code) its shortcut in Berkeley terms.
void expect_flash_and_ram_rule(const ElfFootprint& fp) {
    std::uint64_t flash = 0, ram = 0;
    for (const SectionFootprint& s : fp.sections) {
        const bool zeroed = s.role == SectionRole::kZeroInitializedData ||
                            s.role == SectionRole::kThreadLocalZeroData;
        EXPECT_EQ(s.in_flash, !zeroed) << s.name;
        if (s.in_flash) flash += s.size;
        if (s.in_ram) ram += s.size;
    }
    EXPECT_EQ(fp.flash_bytes, flash);
    EXPECT_EQ(fp.ram_bytes, ram);
    EXPECT_EQ(fp.flash_bytes, fp.text_bytes + fp.data_bytes);
    EXPECT_EQ(fp.ram_bytes, fp.data_bytes + fp.bss_bytes);
}

// What every build of footprint_fixture.c has, whatever the architecture.
void expect_fixture_objects(const ElfFootprint& fp) {
    ASSERT_TRUE(fp.has_symbol_table());
    EXPECT_EQ(fp.symbol_table, ".symtab");
    const auto* big_zero = find_symbol(fp, "big_zero");
    ASSERT_NE(big_zero, nullptr);
    EXPECT_EQ(big_zero->size, fx::kBigZero);
    EXPECT_EQ(big_zero->section, ".bss");
    EXPECT_TRUE(big_zero->in_ram);
    EXPECT_FALSE(big_zero->in_flash);

    const auto* initialized = find_symbol(fp, "initialized");
    ASSERT_NE(initialized, nullptr);
    EXPECT_EQ(initialized->size, fx::kInitialized);
    EXPECT_EQ(initialized->section, ".data");
    EXPECT_TRUE(initialized->in_ram);
    EXPECT_TRUE(initialized->in_flash);
    EXPECT_EQ(find_symbol(fp, "initialized_alias"), nullptr) << "aliases are reported once";

    const auto* table = find_symbol(fp, "table");
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->size, fx::kTable);
    EXPECT_EQ(table->section, ".rodata");
    EXPECT_TRUE(table->in_flash);
    EXPECT_FALSE(table->in_ram);

    const auto* function = find_symbol(fp, "fixture_function");
    ASSERT_NE(function, nullptr);
    EXPECT_GT(function->size, 0u);
    EXPECT_EQ(function->section, ".text");
    EXPECT_TRUE(function->in_flash);
    EXPECT_FALSE(function->in_ram);

    // Thread-local symbols' values are offsets in the template; the reader
    // turns them into addresses in the sections holding it.
    const auto* tls_counter = find_symbol(fp, "tls_counter");
    const auto* tls_zero = find_symbol(fp, "tls_zero");
    const auto* tdata = find_section(fp, ".tdata");
    const auto* tbss = find_section(fp, ".tbss");
    ASSERT_NE(tls_counter, nullptr);
    ASSERT_NE(tls_zero, nullptr);
    ASSERT_NE(tdata, nullptr);
    ASSERT_NE(tbss, nullptr);
    EXPECT_EQ(tls_counter->size, fx::kTlsCounter);
    EXPECT_EQ(tls_zero->size, fx::kTlsZero);
    EXPECT_EQ(tls_counter->address, tdata->address);
    EXPECT_EQ(tls_zero->address, tbss->address);
    EXPECT_TRUE(tls_counter->in_flash && tls_counter->in_ram);
    EXPECT_TRUE(!tls_zero->in_flash && tls_zero->in_ram);

    EXPECT_TRUE(std::is_sorted(
        fp.largest_symbols.begin(), fp.largest_symbols.end(),
        [](const SymbolFootprint& a, const SymbolFootprint& b) { return a.size > b.size; }));
}

void expect_fixture_sections(const ElfFootprint& fp) {
    const std::vector<std::pair<std::string, SectionRole>> roles = {
        {".text", SectionRole::kCode},
        {".rodata", SectionRole::kReadOnlyData},
        {".data", SectionRole::kInitializedData},
        {".bss", SectionRole::kZeroInitializedData},
        {".tdata", SectionRole::kThreadLocalData},
        {".tbss", SectionRole::kThreadLocalZeroData},
    };
    for (const auto& [name, role] : roles) {
        const auto* s = find_section(fp, name);
        ASSERT_NE(s, nullptr) << name;
        EXPECT_EQ(s->role, role) << name;
    }
    EXPECT_GE(find_section(fp, ".bss")->size, fx::kBigZero);
    EXPECT_EQ(find_section(fp, ".tbss")->size, fx::kTlsZero);
    for (const SectionFootprint& s : fp.sections) EXPECT_GT(s.size, 0u) << s.name;
    EXPECT_EQ(find_section(fp, ".symtab"), nullptr) << "only SHF_ALLOC sections";
    EXPECT_TRUE(std::is_sorted(fp.sections.begin(), fp.sections.end(),
                               [](const SectionFootprint& a, const SectionFootprint& b) {
                                   return a.address < b.address;
                               }));
}

TEST(BinaryElfFootprint, HostFixtureObjectsSectionsAndSize) {
    const ElfFootprint fp = read_elf_footprint(fx::host_fixture(), 100);
    EXPECT_EQ(fp.path, fx::host_fixture());
    EXPECT_EQ(fp.class_bits, sizeof(void*) * 8);
    expect_fixture_objects(fp);
    expect_fixture_sections(fp);
    expect_flash_and_ram_rule(fp);
    expect_matches_size(fp);
}

TEST(BinaryElfFootprint, DemanglesCxxNames) {
    const ElfFootprint fp = read_elf_footprint(fx::host_fixture(), 1000);
    const auto* frames = find_symbol(fp, "footprint_fixture::Buffers::frames");
    ASSERT_NE(frames, nullptr);
    EXPECT_EQ(frames->size, 2048u);
    EXPECT_EQ(frames->section, ".bss");
    EXPECT_NE(find_symbol(fp, "footprint_fixture::scaled(int)"), nullptr);
    for (const SymbolFootprint& s : fp.largest_symbols)
        EXPECT_NE(s.name.rfind("_Z", 0), 0u) << s.name << " is still mangled";
}

TEST(BinaryElfFootprint, SymbolLimitKeepsTheLargest) {
    const ElfFootprint fp = read_elf_footprint(fx::host_fixture(), 2);
    ASSERT_EQ(fp.largest_symbols.size(), 2u);
    EXPECT_EQ(fp.largest_symbols[0].name, "big_zero");
    EXPECT_EQ(fp.largest_symbols[1].name, "table");
    EXPECT_TRUE(read_elf_footprint(fx::host_fixture(), 0).largest_symbols.empty());
}

TEST(BinaryElfFootprint, StrippedFileFallsBackToDynamicSymbols) {
    const ElfFootprint full = read_elf_footprint(fx::host_fixture());
    const ElfFootprint fp = read_elf_footprint(fx::stripped_fixture(), 100);
    ASSERT_TRUE(fp.has_symbol_table());
    EXPECT_EQ(fp.symbol_table, ".dynsym");
    EXPECT_EQ(find_symbol(fp, "big_zero"), nullptr) << "a static object is not exported";
    const auto* table = find_symbol(fp, "table");
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->size, fx::kTable);
    EXPECT_EQ(fp.text_bytes, full.text_bytes);
    EXPECT_EQ(fp.data_bytes, full.data_bytes);
    EXPECT_EQ(fp.bss_bytes, full.bss_bytes);
    expect_matches_size(fp);
}

TEST(BinaryElfFootprint, ThirtyTwoBitLittleEndian) {
#ifndef MEMSCOPE_BINARY_FIXTURE_I386
    GTEST_SKIP() << "no 32-bit fixture on this host (tests/data/binary/CMakeLists.txt)";
#endif
    const ElfFootprint fp = read_elf_footprint(fx::i386_fixture(), 100);
    EXPECT_EQ(fp.machine, "i386");
    EXPECT_EQ(fp.class_bits, 32u);
    EXPECT_TRUE(fp.little_endian);
    EXPECT_EQ(fp.file_type, "executable");
    expect_fixture_objects(fp);
    expect_fixture_sections(fp);
    expect_flash_and_ram_rule(fp);
    // Without a C library the only RAM is the fixture's own: no GOT, no libc state.
    EXPECT_EQ(fp.ram_bytes, fx::kBigZero + fx::kInitialized + fx::kTlsCounter + fx::kTlsZero);
    expect_matches_size(fp);
}

TEST(BinaryElfFootprint, ThirtyTwoBitBigEndian) {
#ifndef MEMSCOPE_BINARY_FIXTURE_PPC
    GTEST_SKIP() << "clang or ld.lld missing (tests/data/binary/CMakeLists.txt)";
#endif
    const ElfFootprint fp = read_elf_footprint(fx::ppc_fixture(), 100);
    EXPECT_EQ(fp.machine, "PowerPC");
    EXPECT_EQ(fp.class_bits, 32u);
    EXPECT_FALSE(fp.little_endian);
    expect_fixture_objects(fp);
    expect_fixture_sections(fp);
    expect_flash_and_ram_rule(fp);
    expect_matches_size(fp);
}

TEST(BinaryElfFootprint, SystemBinariesMatchSize) {
    std::vector<std::string> paths;
    if (std::ifstream("/bin/ls")) paths.emplace_back("/bin/ls");
    // This test binary, a large C++ program; by its real name, since size
    // reading /proc/self/exe would read itself.
    paths.push_back(std::filesystem::read_symlink("/proc/self/exe").string());
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&gnu_get_libc_version), &info) != 0 && info.dli_fname)
        paths.emplace_back(info.dli_fname);  // the C library, a shared object
    ASSERT_FALSE(paths.empty());
    for (const std::string& path : paths) {
        SCOPED_TRACE(path);
        expect_matches_size(read_elf_footprint(path));
    }
}

TEST(BinaryElfFootprint, RoleNames) {
    EXPECT_EQ(role_name(SectionRole::kCode), "code");
    EXPECT_EQ(role_name(SectionRole::kReadOnlyData), "read-only data");
    EXPECT_EQ(role_name(SectionRole::kInitializedData), "initialized data");
    EXPECT_EQ(role_name(SectionRole::kZeroInitializedData), "zero-initialized data");
    EXPECT_EQ(role_name(SectionRole::kThreadLocalData), "thread-local data");
    EXPECT_EQ(role_name(SectionRole::kThreadLocalZeroData), "thread-local zero data");
}

std::string error_reading(const std::string& path) {
    try {
        read_elf_footprint(path);
    } catch (const BinaryError& e) {
        return e.what();
    }
    return "(no error)";
}

std::vector<char> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::vector<char>& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<long>(bytes.size()));
}

TEST(BinaryElfFootprint, BadInputIsAnErrorWithAReason) {
    memscope::testing::TempDir dir;
    EXPECT_EQ(error_reading(dir.file("absent")),
              "cannot open " + dir.file("absent") + ": No such file or directory");
    EXPECT_EQ(error_reading(dir.path()), "cannot read " + dir.path() + ": is a directory");

    write_file(dir.file("empty"), {});
    EXPECT_EQ(error_reading(dir.file("empty")),
              dir.file("empty") + ": empty file, not an ELF file");

    std::ofstream(dir.file("text")) << "firmware goes here\n";
    EXPECT_EQ(error_reading(dir.file("text")), dir.file("text") + ": not an ELF file");

    const std::vector<char> elf = file_bytes(fx::host_fixture());
    ASSERT_GT(elf.size(), 100u);
    write_file(dir.file("head100"), {elf.begin(), elf.begin() + 100});
    EXPECT_NE(error_reading(dir.file("head100")).find(": truncated section header table"),
              std::string::npos)
        << error_reading(dir.file("head100"));
    write_file(dir.file("head30"), {elf.begin(), elf.begin() + 30});
    EXPECT_NE(error_reading(dir.file("head30")).find(": truncated ELF header"), std::string::npos)
        << error_reading(dir.file("head30"));
    // Cut inside the section header table, which is at the end of the file.
    write_file(dir.file("tail_cut"), {elf.begin(), elf.end() - 10});
    EXPECT_NE(error_reading(dir.file("tail_cut")).find(": truncated section header table"),
              std::string::npos)
        << error_reading(dir.file("tail_cut"));
}

// Damage in the headers, the section header table and the symbol table (at
// the file's end, where the linker puts them) gives an answer or a
// BinaryError, never a crash; the sanitizer builds make this check bite.
TEST(BinaryElfFootprint, DamagedFilesDoNotCrash) {
    memscope::testing::TempDir dir;
    const std::vector<char> original = file_bytes(fx::host_fixture());
    ASSERT_GT(original.size(), 4096u);
    std::mt19937 random(20240611);
    const std::size_t tail = original.size() - original.size() / 4;
    std::uniform_int_distribution<std::size_t> in_header(0, 63);
    std::uniform_int_distribution<std::size_t> in_tail(tail, original.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    int answered = 0, refused = 0;
    for (int round = 0; round < 300; ++round) {
        std::vector<char> damaged = original;
        for (int i = 0; i < 6; ++i) {
            const std::size_t at = i % 3 == 0 ? in_header(random) : in_tail(random);
            damaged[at] = static_cast<char>(byte(random));
        }
        write_file(dir.file("damaged"), damaged);
        try {
            read_elf_footprint(dir.file("damaged"));
            ++answered;
        } catch (const BinaryError&) {
            ++refused;
        }
    }
    EXPECT_EQ(answered + refused, 300);
    EXPECT_GT(refused, 0);
}

void expect_same_footprint(const ElfFootprint& a, const ElfFootprint& b) {
    EXPECT_EQ(a.machine, b.machine);
    EXPECT_EQ(a.file_type, b.file_type);
    EXPECT_EQ(a.class_bits, b.class_bits);
    EXPECT_EQ(a.little_endian, b.little_endian);
    EXPECT_EQ(a.text_bytes, b.text_bytes);
    EXPECT_EQ(a.data_bytes, b.data_bytes);
    EXPECT_EQ(a.bss_bytes, b.bss_bytes);
    EXPECT_EQ(a.flash_bytes, b.flash_bytes);
    EXPECT_EQ(a.ram_bytes, b.ram_bytes);
    EXPECT_EQ(a.symbol_table, b.symbol_table);
    EXPECT_EQ(a.has_section_headers, b.has_section_headers);
    ASSERT_EQ(a.sections.size(), b.sections.size());
    for (std::size_t i = 0; i < a.sections.size(); ++i) {
        EXPECT_EQ(a.sections[i].name, b.sections[i].name);
        EXPECT_EQ(a.sections[i].address, b.sections[i].address);
        EXPECT_EQ(a.sections[i].size, b.sections[i].size);
        EXPECT_EQ(a.sections[i].role, b.sections[i].role);
    }
    ASSERT_EQ(a.largest_symbols.size(), b.largest_symbols.size());
    for (std::size_t i = 0; i < a.largest_symbols.size(); ++i) {
        EXPECT_EQ(a.largest_symbols[i].name, b.largest_symbols[i].name);
        EXPECT_EQ(a.largest_symbols[i].address, b.largest_symbols[i].address);
        EXPECT_EQ(a.largest_symbols[i].size, b.largest_symbols[i].size);
        EXPECT_EQ(a.largest_symbols[i].section, b.largest_symbols[i].section);
    }
}

// The fuzz target reads from memory; that only covers the path form if both
// give the same answers and the same refusals.
TEST(BinaryElfFootprint, MemoryImageReadsLikeTheFile) {
    std::vector<std::string> paths = {fx::host_fixture(), fx::stripped_fixture()};
#ifdef MEMSCOPE_BINARY_FIXTURE_I386
    paths.push_back(fx::i386_fixture());
#endif
#ifdef MEMSCOPE_BINARY_FIXTURE_PPC
    paths.push_back(fx::ppc_fixture());
#endif
    for (const std::string& path : paths) {
        SCOPED_TRACE(path);
        const std::vector<char> bytes = file_bytes(path);
        const ElfFootprint from_memory =
            read_elf_footprint_from_memory(bytes.data(), bytes.size(), "image", 100);
        EXPECT_EQ(from_memory.path, "image");
        expect_same_footprint(from_memory, read_elf_footprint(path, 100));
    }

    const auto error_from_memory = [](const std::vector<char>& bytes) -> std::string {
        try {
            read_elf_footprint_from_memory(bytes.data(), bytes.size(), "image");
        } catch (const BinaryError& e) {
            return e.what();
        }
        return "(no error)";
    };
    memscope::testing::TempDir dir;
    const std::vector<char> elf = file_bytes(fx::host_fixture());
    const std::string text = "firmware goes here\n";
    for (const std::vector<char>& bytes :
         {std::vector<char>{}, std::vector<char>(text.begin(), text.end()),
          std::vector<char>(elf.begin(), elf.begin() + 30),
          std::vector<char>(elf.begin(), elf.begin() + 100),
          std::vector<char>(elf.begin(), elf.end() - 10)}) {
        write_file(dir.file("cut"), bytes);
        const std::string from_file = error_reading(dir.file("cut"));
        ASSERT_EQ(from_file.rfind(dir.file("cut") + ": ", 0), 0u) << from_file;
        EXPECT_EQ(error_from_memory(bytes),
                  "image: " + from_file.substr(dir.file("cut").size() + 2));
    }
}

}  // namespace
}  // namespace memscope::binary
