// Reading build-ids from files, and refusing to symbolize with a file that is
// not the one the trace was recorded against.
#include <gtest/gtest.h>

#include <fstream>

#include "data/symbols/loaded_fixture.h"
#include "support/temp_dir.h"
#include "symbols/build_id.h"
#include "symbols/symbolizer.h"

namespace memscope::symbols {
namespace {

using test_fixture::address_of;
using test_fixture::LoadedFixture;

TEST(SymbolsBuildId, ReadsTheLinkedBuildId) {
    std::string error;
    const auto id = read_build_id(test_fixture::fixture_library_path(), &error);
    ASSERT_TRUE(id.has_value()) << error;
    // The value given to the linker in tests/data/symbols/CMakeLists.txt.
    EXPECT_EQ(*id, "6d656d73636f70652d73796d626f6c732d666978");
    EXPECT_EQ(*id, LoadedFixture::get().build_id);
}

TEST(SymbolsBuildId, MissingAndNonElfFilesAreErrors) {
    memscope::testing::TempDir dir;
    std::string error;
    EXPECT_FALSE(read_build_id(dir.file("absent.so"), &error).has_value());
    EXPECT_EQ(error, "No such file or directory");

    std::ofstream(dir.file("text.so")) << "not an ELF file at all\n";
    EXPECT_FALSE(read_build_id(dir.file("text.so"), &error).has_value());
    EXPECT_EQ(error, "not an ELF file");

    EXPECT_FALSE(read_build_id(dir.path(), &error).has_value());  // a directory
}

TEST(SymbolsBuildId, MismatchResolvesAsModuleOffsetWithOneWarning) {
    const auto& fixture = LoadedFixture::get();
    trace::Module module = fixture.module();
    module.build_id = "00112233445566778899aabbccddeeff00112233";
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    const SymbolsFixtureSite site = fixture.template_site(2);
    Symbolizer symbolizer({module});

    const auto& frames = symbolizer.resolve(address_of(chain.innermost));
    symbolizer.resolve(address_of(site));

    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].function, "");
    EXPECT_EQ(frames[0].file, "");
    EXPECT_EQ(frames[0].module, module.path);
    const std::uint64_t offset = address_of(chain.innermost) - module.load_bias;
    EXPECT_EQ(frames[0].module_offset, offset);
    char expected[64];
    std::snprintf(expected, sizeof expected, "libsymbols_fixture.so+0x%llx",
                  static_cast<unsigned long long>(offset));
    EXPECT_EQ(frames[0].to_string(), expected);
    ASSERT_EQ(symbolizer.warnings().size(), 1u);
    EXPECT_EQ(symbolizer.warnings()[0],
              module.path +
                  " changed since recording (build-id 00112233445566778899aabbccddeeff00112233 "
                  "recorded, 6d656d73636f70652d73796d626f6c732d666978 on disk), not symbolized");
}

TEST(SymbolsBuildId, MatchingBuildIdIsTrusted) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureSite site = fixture.template_site(4);
    Symbolizer symbolizer({fixture.module()});  // carries the true build-id

    EXPECT_EQ(symbolizer.resolve(address_of(site)).front().function,
              "fixture::Probe<int>::site(int)");
    EXPECT_TRUE(symbolizer.warnings().empty());
}

}  // namespace
}  // namespace memscope::symbols
