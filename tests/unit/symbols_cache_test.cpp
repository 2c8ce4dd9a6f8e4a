// Each unique (address, return-address flag) is looked up once.
#include <gtest/gtest.h>

#include "data/symbols/loaded_fixture.h"
#include "symbols/symbolizer.h"

namespace memscope::symbols {
namespace {

using test_fixture::address_of;
using test_fixture::LoadedFixture;

TEST(SymbolsCache, SameAddressIsLookedUpOnce) {
    const auto& fixture = LoadedFixture::get();
    const std::uint64_t address = address_of(fixture.inline_chain().innermost);
    Symbolizer symbolizer({fixture.module()});
    EXPECT_EQ(symbolizer.uncached_lookups(), 0u);

    const auto& first = symbolizer.resolve(address);
    EXPECT_EQ(symbolizer.uncached_lookups(), 1u);
    const auto& second = symbolizer.resolve(address);
    EXPECT_EQ(symbolizer.uncached_lookups(), 1u);
    EXPECT_EQ(&first, &second);
    EXPECT_EQ(first.size(), 3u);

    // The flag changes the answer, so it is part of the key.
    symbolizer.resolve(address, /*is_return_address=*/false);
    EXPECT_EQ(symbolizer.uncached_lookups(), 2u);
    symbolizer.resolve(address, /*is_return_address=*/false);
    EXPECT_EQ(symbolizer.uncached_lookups(), 2u);

    // Unresolvable answers are cached too.
    symbolizer.resolve(0x10);
    symbolizer.resolve(0x10);
    EXPECT_EQ(symbolizer.uncached_lookups(), 3u);
}

TEST(SymbolsCache, ResultsStayValidWhileTheCacheGrows) {
    const auto& fixture = LoadedFixture::get();
    const trace::Module module = fixture.module();
    const std::uint64_t address = address_of(fixture.inline_chain().innermost);
    Symbolizer symbolizer({module});

    const std::vector<Frame>& kept = symbolizer.resolve(address);
    const std::vector<Frame> copy = kept;
    const std::uint64_t start = module.load_bias + module.segments.front().vaddr;
    for (std::uint64_t i = 0; i < 2000; ++i) symbolizer.resolve(start + i);
    EXPECT_EQ(symbolizer.uncached_lookups(), 2001u);

    ASSERT_EQ(kept.size(), copy.size());
    for (std::size_t i = 0; i < copy.size(); ++i) {
        EXPECT_EQ(kept[i].function, copy[i].function);
        EXPECT_EQ(kept[i].line, copy[i].line);
    }
}

}  // namespace
}  // namespace memscope::symbols
