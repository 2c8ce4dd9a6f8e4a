// Addresses that cannot be symbolized come back as module+offset (or a bare
// address), whatever is wrong with the files: never a crash, never an empty list.
#include <elf.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "data/symbols/loaded_fixture.h"
#include "support/temp_dir.h"
#include "symbols/symbolizer.h"

namespace memscope::symbols {
namespace {

using test_fixture::address_of;
using test_fixture::LoadedFixture;

trace::Module module_at(const std::string& path, std::uint64_t bias) {
    trace::Module module;
    module.path = path;
    module.load_bias = bias;
    module.segments = {{0, 0x1000}, {0x1000, 0x4000}};
    return module;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Expects the single module+offset frame for an address in module.
void expect_module_offset(Symbolizer& symbolizer, const trace::Module& module,
                          std::uint64_t address) {
    const auto& frames = symbolizer.resolve(address);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].function, "");
    EXPECT_EQ(frames[0].file, "");
    EXPECT_EQ(frames[0].line, 0u);
    EXPECT_EQ(frames[0].module, module.path);
    EXPECT_EQ(frames[0].module_offset, address - module.load_bias);
}

TEST(SymbolsDegrade, AddressInNoModuleIsABareAddress) {
    Symbolizer symbolizer({LoadedFixture::get().module()});
    const auto& frames = symbolizer.resolve(0x10);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].module, "");
    EXPECT_EQ(frames[0].function, "");
    EXPECT_EQ(frames[0].module_offset, 0x10u);
    EXPECT_EQ(frames[0].to_string(), "0x10");
}

TEST(SymbolsDegrade, NoModulesAtAll) {
    Symbolizer symbolizer({});
    EXPECT_EQ(symbolizer.resolve(0xdeadbeef, false).at(0).to_string(), "0xdeadbeef");
    EXPECT_EQ(symbolizer.resolve(0, true).at(0).to_string(), "0x0");
    EXPECT_TRUE(symbolizer.warnings().empty());
}

TEST(SymbolsDegrade, MissingFile) {
    const trace::Module module = module_at("/nonexistent/memscope/libgone.so", 0x7f0000000000);
    Symbolizer symbolizer({module});
    expect_module_offset(symbolizer, module, 0x7f0000001234);
    EXPECT_EQ(symbolizer.resolve(0x7f0000001234).at(0).to_string(), "libgone.so+0x1234");
    ASSERT_EQ(symbolizer.warnings().size(), 1u);
    EXPECT_EQ(symbolizer.warnings()[0].rfind("/nonexistent/memscope/libgone.so: cannot load (", 0),
              0u)
        << symbolizer.warnings()[0];
}

TEST(SymbolsDegrade, MissingFileWithRecordedBuildId) {
    trace::Module module = module_at("/nonexistent/memscope/libgone.so", 0x7f0000000000);
    module.build_id = "abcd";
    Symbolizer symbolizer({module});
    expect_module_offset(symbolizer, module, 0x7f0000002000);
    ASSERT_EQ(symbolizer.warnings().size(), 1u);
    EXPECT_EQ(symbolizer.warnings()[0],
              "/nonexistent/memscope/libgone.so: cannot read (No such file or directory), not "
              "symbolized");
}

TEST(SymbolsDegrade, NonFileModuleNamesGiveNoWarning) {
    const trace::Module module = module_at("linux-vdso.so.1", 0x7ffff7fc1000);
    Symbolizer symbolizer({module});
    expect_module_offset(symbolizer, module, 0x7ffff7fc1100);
    EXPECT_TRUE(symbolizer.warnings().empty());
}

TEST(SymbolsDegrade, GarbageFile) {
    memscope::testing::TempDir dir;
    std::mt19937 random(42);
    std::string noise(16384, '\0');
    for (char& c : noise) c = static_cast<char>(random());
    write_all(dir.file("libnoise.so"), noise);
    const trace::Module module = module_at(dir.file("libnoise.so"), 0x500000);
    Symbolizer symbolizer({module});
    expect_module_offset(symbolizer, module, 0x500010);
    expect_module_offset(symbolizer, module, 0x503000);
}

TEST(SymbolsDegrade, EmptyFileAndDirectory) {
    memscope::testing::TempDir dir;
    write_all(dir.file("libempty.so"), "");
    const trace::Module empty = module_at(dir.file("libempty.so"), 0x500000);
    const trace::Module directory = module_at(dir.path(), 0x600000);
    Symbolizer symbolizer({empty, directory});
    expect_module_offset(symbolizer, empty, 0x500010);
    expect_module_offset(symbolizer, directory, 0x600010);
}

// The real library cut short at several lengths, at its real load address:
// whatever survives may be used, but every answer names the module.
TEST(SymbolsDegrade, TruncatedElf) {
    const auto& fixture = LoadedFixture::get();
    const std::string whole = read_all(test_fixture::fixture_library_path());
    ASSERT_GT(whole.size(), 4096u);
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    memscope::testing::TempDir dir;
    for (const std::size_t size :
         {std::size_t{4}, std::size_t{63}, std::size_t{64}, std::size_t{200}, std::size_t{4096},
          whole.size() / 2, whole.size() - 1}) {
        SCOPED_TRACE(size);
        const std::string path = dir.file("libcut" + std::to_string(size) + ".so");
        write_all(path, whole.substr(0, size));
        trace::Module module = fixture.module();
        module.path = path;
        module.build_id.clear();  // let libdwfl itself face the damaged file
        Symbolizer symbolizer({module});
        const auto& frames = symbolizer.resolve(address_of(chain.innermost));
        ASSERT_FALSE(frames.empty());
        for (const Frame& frame : frames) {
            EXPECT_EQ(frame.module, path);
            EXPECT_EQ(frame.module_offset, address_of(chain.innermost) - module.load_bias);
        }
    }
}

struct SectionRange {
    std::string name;
    std::size_t offset;
    std::size_t size;
};

// The .debug_* sections of a 64-bit ELF image, read from its section headers.
std::vector<SectionRange> debug_sections(const std::string& image) {
    Elf64_Ehdr ehdr;
    std::memcpy(&ehdr, image.data(), sizeof ehdr);
    std::vector<Elf64_Shdr> headers(ehdr.e_shnum);
    std::memcpy(headers.data(), image.data() + ehdr.e_shoff, headers.size() * sizeof(Elf64_Shdr));
    const char* names = image.data() + headers.at(ehdr.e_shstrndx).sh_offset;
    std::vector<SectionRange> found;
    for (const auto& h : headers) {
        const std::string name = names + h.sh_name;
        if (name.rfind(".debug_", 0) == 0 && h.sh_type != SHT_NOBITS)
            found.push_back({name, h.sh_offset, h.sh_size});
    }
    return found;
}

// One debug section at a time overwritten with noise, the ELF structure
// intact: libdw must fail politely, and what it cannot read degrades.
TEST(SymbolsDegrade, ScrambledDebugSections) {
    const auto& fixture = LoadedFixture::get();
    const std::string original = read_all(test_fixture::fixture_library_path());
    const std::vector<SectionRange> sections = debug_sections(original);
    ASSERT_GE(sections.size(), 4u);  // at least info, abbrev, line, str
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    memscope::testing::TempDir dir;
    for (const SectionRange& section : sections) {
        SCOPED_TRACE(section.name);
        std::string bytes = original;
        std::mt19937 random(7);
        for (std::size_t i = 0; i < section.size; ++i)
            bytes[section.offset + i] = static_cast<char>(random());
        const std::string path = dir.file("lib" + section.name.substr(1) + ".so");
        write_all(path, bytes);
        trace::Module module = fixture.module();
        module.path = path;
        module.build_id.clear();
        Symbolizer symbolizer({module});

        const auto& frames = symbolizer.resolve(address_of(chain.innermost));
        ASSERT_FALSE(frames.empty());
        EXPECT_EQ(frames.back().module, path);
        EXPECT_FALSE(frames.back().inlined);
    }
}

}  // namespace
}  // namespace memscope::symbols
