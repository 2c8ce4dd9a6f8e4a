// Real addresses from the fixture library loaded in this process, resolved
// from its file on disk: demangled names, file:line, the inline frame chain.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "data/symbols/loaded_fixture.h"
#include "symbols/symbolizer.h"

namespace memscope::symbols::test_probe {
// A function of the test executable itself, kept out of line so it has an address.
[[gnu::noinline]] int executable_probe(int x) {
    return x * 3 + 1;
}
}  // namespace memscope::symbols::test_probe

namespace memscope::symbols {
namespace {

using test_fixture::address_of;
using test_fixture::LoadedFixture;

TEST(SymbolsInline, TemplateInNamespaceIsDemangledWithFileAndLine) {
    const auto& fixture = LoadedFixture::get();
    const trace::Module module = fixture.module();
    const SymbolsFixtureSite site = fixture.template_site(7);
    Symbolizer symbolizer({module});

    const auto& frames = symbolizer.resolve(address_of(site));

    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].function, "fixture::Probe<int>::site(int)");
    EXPECT_EQ(frames[0].file, fixture.source);
    EXPECT_EQ(frames[0].line, static_cast<std::uint32_t>(site.line));
    EXPECT_FALSE(frames[0].inlined);
    EXPECT_EQ(frames[0].module, module.path);
    EXPECT_EQ(frames[0].module_offset, address_of(site) - module.load_bias);
    EXPECT_EQ(frames[0].to_string(), "fixture::Probe<int>::site(int) at " + fixture.source + ":" +
                                         std::to_string(site.line));
    EXPECT_TRUE(symbolizer.warnings().empty());
}

TEST(SymbolsInline, InlineChainInnermostFirstWithCallSites) {
    const auto& fixture = LoadedFixture::get();
    const trace::Module module = fixture.module();
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    Symbolizer symbolizer({module});

    const auto& frames = symbolizer.resolve(address_of(chain.innermost));

    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].function, "fixture::capture_here(SymbolsFixtureInlineChain&, int)");
    EXPECT_EQ(frames[0].line, static_cast<std::uint32_t>(chain.innermost.line));
    EXPECT_TRUE(frames[0].inlined);
    EXPECT_EQ(frames[1].function, "fixture::Stepper<long>::step(SymbolsFixtureInlineChain&, int)");
    EXPECT_EQ(frames[1].line, static_cast<std::uint32_t>(chain.middle_call_line));
    EXPECT_TRUE(frames[1].inlined);
    EXPECT_EQ(frames[2].function, "fixture::walk_chain()");
    EXPECT_EQ(frames[2].line, static_cast<std::uint32_t>(chain.outer_call_line));
    EXPECT_FALSE(frames[2].inlined);
    for (const Frame& frame : frames) {
        EXPECT_EQ(frame.file, fixture.source);
        EXPECT_EQ(frame.module, module.path);
        EXPECT_EQ(frame.module_offset, address_of(chain.innermost) - module.load_bias);
    }
}

TEST(SymbolsInline, CLinkageFunctionUsesItsDwarfName) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureSite site = fixture.c_site();
    Symbolizer symbolizer({fixture.module()});

    const auto& frames = symbolizer.resolve(address_of(site));

    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].function, "symbols_fixture_c_site");
    EXPECT_EQ(frames[0].file, fixture.source);
    EXPECT_EQ(frames[0].line, static_cast<std::uint32_t>(site.line));
}

// An assembler label is a linkage name but no C++ mangling: the source name wins.
TEST(SymbolsInline, AssemblerLabelKeepsTheSourceName) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureSite site = fixture.labelled_site();
    Symbolizer symbolizer({fixture.module()});

    const auto& frames = symbolizer.resolve(address_of(site));

    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].function, "symbols_fixture_labelled_site");
    EXPECT_EQ(frames[0].line, static_cast<std::uint32_t>(site.line));
}

TEST(SymbolsInline, ReturnAddressIsLookedUpOneByteBack) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    const std::uint64_t address = address_of(chain.innermost);
    Symbolizer symbolizer({fixture.module()});

    const auto as_return = symbolizer.resolve(address, true);
    const auto exact = symbolizer.resolve(address - 1, false);

    ASSERT_EQ(as_return.size(), exact.size());
    for (std::size_t i = 0; i < exact.size(); ++i) {
        EXPECT_EQ(as_return[i].function, exact[i].function);
        EXPECT_EQ(as_return[i].file, exact[i].file);
        EXPECT_EQ(as_return[i].line, exact[i].line);
        EXPECT_EQ(as_return[i].module_offset, exact[i].module_offset + 1);
    }
}

TEST(SymbolsInline, ExactAddressOfFunctionEntry) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureSite site = fixture.template_site(1);
    Symbolizer symbolizer({fixture.module()});

    const auto& frames = symbolizer.resolve(fixture.template_entry(), false);

    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].function, "fixture::Probe<int>::site(int)");
    EXPECT_EQ(frames[0].file, fixture.source);
    // The entry belongs to the line that opens the definition, just above the call.
    EXPECT_EQ(frames[0].line, static_cast<std::uint32_t>(site.line - 1));
}

// Without .debug_aranges libdwfl cannot map addresses to units by itself.
TEST(SymbolsInline, UnitsWithoutArangesAreFoundFromTheirRanges) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    trace::Module module = fixture.module();
    module.path = test_fixture::fixture_without_aranges_path();
    Symbolizer symbolizer({module});

    const auto& frames = symbolizer.resolve(address_of(chain.innermost));

    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].line, static_cast<std::uint32_t>(chain.innermost.line));
    EXPECT_EQ(frames[1].line, static_cast<std::uint32_t>(chain.middle_call_line));
    EXPECT_EQ(frames[2].function, "fixture::walk_chain()");
    EXPECT_EQ(frames[2].line, static_cast<std::uint32_t>(chain.outer_call_line));
}

// The main program appears in dl_iterate_phdr without a name; the recorder
// stores its real path, as done here.
TEST(SymbolsInline, MainExecutable) {
    std::vector<trace::Module> modules = test_fixture::loaded_modules();
    ASSERT_FALSE(modules.empty());
    ASSERT_EQ(modules.front().path, "");
    modules.front().path = std::filesystem::read_symlink("/proc/self/exe").string();
    Symbolizer symbolizer(modules);

    const auto& frames =
        symbolizer.resolve(reinterpret_cast<std::uintptr_t>(&test_probe::executable_probe), false);

    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].function, "memscope::symbols::test_probe::executable_probe(int)");
    EXPECT_EQ(frames[0].module, modules.front().path);
    EXPECT_EQ(frames[0].module_offset,
              reinterpret_cast<std::uintptr_t>(&test_probe::executable_probe) -
                  modules.front().load_bias);
    EXPECT_EQ(test_probe::executable_probe(1), 4);
}

TEST(SymbolsInline, WholeProcessModuleList) {
    const auto& fixture = LoadedFixture::get();
    const SymbolsFixtureInlineChain chain = fixture.inline_chain();
    Symbolizer symbolizer(test_fixture::loaded_modules());

    const auto& frames = symbolizer.resolve(address_of(chain.innermost));
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[2].function, "fixture::walk_chain()");
    EXPECT_EQ(frames[2].module, test_fixture::fixture_library_path());

    // A libc function: named from libc's dynamic symbol table at least.
    const auto& libc = symbolizer.resolve(reinterpret_cast<std::uintptr_t>(&::getpid),
                                          /*is_return_address=*/false);
    ASSERT_FALSE(libc.empty());
    EXPECT_NE(libc.back().module.find("libc.so"), std::string::npos) << libc.back().module;
    EXPECT_FALSE(libc.back().function.empty());
}

}  // namespace
}  // namespace memscope::symbols
