// A copy of the fixture stripped of its debug info, whose DWARF sits in a
// separate file under DIR/.build-id/xx/rest.debug: file:line and inline frames
// come back only when DIR is searched.
#include <gtest/gtest.h>

#include "data/symbols/loaded_fixture.h"
#include "symbols/build_id.h"
#include "symbols/symbolizer.h"

namespace memscope::symbols {
namespace {

using test_fixture::address_of;
using test_fixture::LoadedFixture;

// The loaded library's addresses, attributed to the stripped copy on disk:
// the copy has the same code at the same offsets, only no DWARF.
trace::Module stripped_module() {
    trace::Module module = LoadedFixture::get().module();
    module.path = test_fixture::stripped_fixture_path();
    return module;
}

TEST(SymbolsSplitDebug, StrippedCopyKeepsTheBuildId) {
    EXPECT_EQ(read_build_id(test_fixture::stripped_fixture_path()), LoadedFixture::get().build_id);
}

TEST(SymbolsSplitDebug, DebugFileFoundByBuildIdGivesInlineFramesAndLines) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    SymbolizerOptions options;
    options.debug_dirs = {test_fixture::fixture_debug_root()};
    Symbolizer symbolizer({stripped_module()}, options);

    const auto& frames = symbolizer.resolve(address_of(chain.innermost));

    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].function, "fixture::capture_here(SymbolsFixtureInlineChain&, int)");
    EXPECT_EQ(frames[0].line, static_cast<std::uint32_t>(chain.innermost.line));
    EXPECT_EQ(frames[1].line, static_cast<std::uint32_t>(chain.middle_call_line));
    EXPECT_EQ(frames[2].function, "fixture::walk_chain()");
    EXPECT_EQ(frames[2].line, static_cast<std::uint32_t>(chain.outer_call_line));
    for (const Frame& frame : frames) {
        EXPECT_EQ(frame.file, fixture.source);
        EXPECT_EQ(frame.module, test_fixture::stripped_fixture_path());
    }
    EXPECT_TRUE(symbolizer.warnings().empty());
}

TEST(SymbolsSplitDebug, WithoutTheDebugDirOnlyTheSymbolTableNames) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    const SymbolsFixtureSite site = fixture.template_site(3);
    Symbolizer symbolizer({stripped_module()});

    // Inlined code is invisible to the symbol table: only the real function.
    const auto& frames = symbolizer.resolve(address_of(chain.innermost));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].function, "fixture::walk_chain()");
    EXPECT_EQ(frames[0].file, "");
    EXPECT_EQ(frames[0].line, 0u);
    EXPECT_FALSE(frames[0].inlined);
    EXPECT_EQ(frames[0].to_string(), "fixture::walk_chain() in libsymbols_fixture.so");

    const auto& templated = symbolizer.resolve(address_of(site));
    ASSERT_EQ(templated.size(), 1u);
    EXPECT_EQ(templated[0].function, "fixture::Probe<int>::site(int)");
    EXPECT_EQ(templated[0].file, "");
}

TEST(SymbolsSplitDebug, RelativeDebugDirIsMadeAbsolute) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureSite site = fixture.template_site(5);
    char* previous = getcwd(nullptr, 0);
    ASSERT_EQ(chdir(test_fixture::fixture_data_dir().c_str()), 0);
    SymbolizerOptions options;
    options.debug_dirs = {"debugroot"};
    Symbolizer symbolizer({stripped_module()}, options);
    const auto frames = symbolizer.resolve(address_of(site));
    ASSERT_EQ(chdir(previous), 0);
    std::free(previous);

    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].file, fixture.source);
    EXPECT_EQ(frames[0].line, static_cast<std::uint32_t>(site.line));
}

// Two files recorded at the same place at different times (dlclose, then
// dlopen of another file): both live in one libdwfl session, the address goes
// to the one loaded last.
TEST(SymbolsSplitDebug, OverlappingModulesLaterLoadWins) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureSite site = fixture.template_site(6);
    trace::Module full = fixture.module();
    trace::Module stripped = stripped_module();
    for (const bool stripped_last : {false, true}) {
        SCOPED_TRACE(stripped_last);
        full.load_time_ns = stripped_last ? 100 : 200;
        stripped.load_time_ns = stripped_last ? 200 : 100;
        Symbolizer symbolizer({full, stripped});

        const auto& frames = symbolizer.resolve(address_of(site));

        ASSERT_EQ(frames.size(), 1u);
        EXPECT_EQ(frames[0].function, "fixture::Probe<int>::site(int)");
        EXPECT_EQ(frames[0].module, stripped_last ? stripped.path : full.path);
        EXPECT_EQ(frames[0].file, stripped_last ? "" : fixture.source);
    }
}

}  // namespace
}  // namespace memscope::symbols
