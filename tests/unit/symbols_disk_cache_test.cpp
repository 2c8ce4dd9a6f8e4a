// The on-disk symbol cache: a second Symbolizer on the same modules answers
// from the files the first one wrote, with no debug-info lookup and the same
// frames; damaged, foreign or stale files are ignored and rewritten.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "data/symbols/loaded_fixture.h"
#include "symbols/symbol_cache_file.h"
#include "symbols/symbol_disk_cache.h"
#include "symbols/symbolizer.h"

namespace memscope::symbols {
namespace {

namespace fs = std::filesystem;
using test_fixture::address_of;
using test_fixture::LoadedFixture;

class SymbolsDiskCache : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/memscope-symcache-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        dir_ = pattern;
        const auto& fixture = LoadedFixture::get();
        module_ = fixture.module();
        const SymbolsFixtureInlineChain chain = fixture.inline_chain();
        addresses_ = {address_of(chain.innermost), address_of(fixture.c_site()),
                      address_of(fixture.template_site(3)), address_of(fixture.labelled_site())};
    }
    void TearDown() override { fs::remove_all(dir_); }

    SymbolizerOptions options() const {
        SymbolizerOptions o;
        o.cache_dir = dir_;
        return o;
    }
    std::vector<std::vector<Frame>> resolve_all(Symbolizer& s) const {
        std::vector<std::vector<Frame>> out;
        for (const std::uint64_t a : addresses_) out.push_back(s.resolve(a));
        out.push_back(s.resolve(addresses_.front(), /*is_return_address=*/false));
        return out;
    }
    std::vector<fs::path> cache_files() const {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir_)) files.push_back(e.path());
        return files;
    }

    std::string dir_;
    trace::Module module_;
    std::vector<std::uint64_t> addresses_;
};

void expect_same_frames(const std::vector<std::vector<Frame>>& a,
                        const std::vector<std::vector<Frame>>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].size(), b[i].size()) << "address " << i;
        for (std::size_t j = 0; j < a[i].size(); ++j) {
            EXPECT_EQ(a[i][j].function, b[i][j].function);
            EXPECT_EQ(a[i][j].file, b[i][j].file);
            EXPECT_EQ(a[i][j].line, b[i][j].line);
            EXPECT_EQ(a[i][j].inlined, b[i][j].inlined);
            EXPECT_EQ(a[i][j].module, b[i][j].module);
            EXPECT_EQ(a[i][j].module_offset, b[i][j].module_offset);
        }
    }
}

TEST_F(SymbolsDiskCache, SecondRunAnswersFromTheCacheWithTheSameFrames) {
    std::vector<std::vector<Frame>> uncached;
    {
        Symbolizer plain({module_});
        uncached = resolve_all(plain);
    }
    EXPECT_TRUE(cache_files().empty());  // no cache_dir, no files

    std::vector<std::vector<Frame>> first;
    {
        Symbolizer cold({module_}, options());
        first = resolve_all(cold);
        EXPECT_EQ(cold.debug_info_lookups(), addresses_.size() + 1);
    }
    ASSERT_EQ(cache_files().size(), 1u);
    expect_same_frames(first, uncached);
    EXPECT_EQ(first[0].size(), 3u);  // the inline chain: two inlined frames and the function

    Symbolizer warm({module_}, options());
    expect_same_frames(resolve_all(warm), uncached);
    EXPECT_EQ(warm.debug_info_lookups(), 0u);
    EXPECT_EQ(warm.uncached_lookups(), addresses_.size() + 1);
}

TEST_F(SymbolsDiskCache, NewAddressesAreAddedToTheFile) {
    {
        Symbolizer first({module_}, options());
        first.resolve(addresses_[0]);
    }
    {
        Symbolizer second({module_}, options());
        second.resolve(addresses_[0]);
        second.resolve(addresses_[1]);
        EXPECT_EQ(second.debug_info_lookups(), 1u);
    }
    Symbolizer third({module_}, options());
    third.resolve(addresses_[0]);
    third.resolve(addresses_[1]);
    EXPECT_EQ(third.debug_info_lookups(), 0u);
}

TEST_F(SymbolsDiskCache, DamagedFilesAreIgnoredAndRewritten) {
    std::vector<std::vector<Frame>> reference;
    {
        Symbolizer cold({module_}, options());
        reference = resolve_all(cold);
    }
    const fs::path file = cache_files().at(0);
    const auto size = fs::file_size(file);
    const std::vector<std::string> damages = {"truncated", "flipped", "empty", "foreign"};
    for (const std::string& damage : damages) {
        SCOPED_TRACE(damage);
        if (damage == "truncated") {
            fs::resize_file(file, size / 2);
        } else if (damage == "flipped") {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(static_cast<std::streamoff>(size / 2));
            f.put('\x5a');
        } else if (damage == "empty") {
            fs::resize_file(file, 0);
        } else {
            // A well-formed file written under another key at this name.
            ModuleSymbols bogus;
            Frame f;
            f.function = "not_this_module";
            for (std::uint64_t a : addresses_)
                bogus[cache_entry_key(a - module_.load_bias, true)] = {f};
            ASSERT_TRUE(write_symbol_cache_file(file.string(), "another key", bogus));
        }
        {
            Symbolizer s({module_}, options());
            expect_same_frames(resolve_all(s), reference);
            EXPECT_EQ(s.debug_info_lookups(), addresses_.size() + 1);
        }
        Symbolizer again({module_}, options());
        expect_same_frames(resolve_all(again), reference);
        EXPECT_EQ(again.debug_info_lookups(), 0u) << "the damaged file was not rewritten";
        ASSERT_EQ(cache_files().size(), 1u) << "temporary files left behind";
    }
}

TEST_F(SymbolsDiskCache, ChangedModulesWarnOnEveryRunAndAreNotCached) {
    trace::Module changed = module_;
    changed.build_id = "abcd";
    for (int run = 0; run < 2; ++run) {
        Symbolizer s({changed}, options());
        const auto& frames = s.resolve(addresses_[0]);
        ASSERT_EQ(frames.size(), 1u);
        EXPECT_TRUE(frames[0].function.empty());
        ASSERT_EQ(s.warnings().size(), 1u);
        EXPECT_NE(s.warnings()[0].find("changed since recording"), std::string::npos);
    }
    EXPECT_TRUE(cache_files().empty());
}

TEST_F(SymbolsDiskCache, KeyFollowsTheFileAndTheDebugSearch) {
    const auto key = module_cache_key(module_, {});
    ASSERT_TRUE(key.has_value());
    EXPECT_NE(key->find("build-id " + module_.build_id), std::string::npos);
    EXPECT_EQ(module_cache_key(module_, {}), key);
    EXPECT_NE(module_cache_key(module_, {dir_}), key);  // another debug directory

    trace::Module without_id = module_;
    without_id.build_id.clear();
    const auto file_key = module_cache_key(without_id, {});
    ASSERT_TRUE(file_key.has_value());
    EXPECT_NE(file_key->find("file " + module_.path), std::string::npos);

    trace::Module gone = module_;
    gone.path = dir_ + "/no-such-file.so";
    EXPECT_FALSE(module_cache_key(gone, {}).has_value());
}

TEST(SymbolsDiskCacheDirectory, FollowsXdgCacheHomeThenHome) {
    const char* saved_xdg = getenv("XDG_CACHE_HOME");
    const char* saved_home = getenv("HOME");
    const std::string xdg = saved_xdg ? saved_xdg : "";
    const std::string home = saved_home ? saved_home : "";
    setenv("XDG_CACHE_HOME", "/x/cache", 1);
    EXPECT_EQ(default_symbol_cache_dir(), "/x/cache/memscope/symbols");
    setenv("XDG_CACHE_HOME", "relative", 1);  // invalid by the spec: ignored
    setenv("HOME", "/h", 1);
    EXPECT_EQ(default_symbol_cache_dir(), "/h/.cache/memscope/symbols");
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    EXPECT_EQ(default_symbol_cache_dir(), "");
    if (saved_xdg) setenv("XDG_CACHE_HOME", xdg.c_str(), 1);
    if (saved_home) setenv("HOME", home.c_str(), 1);
}

}  // namespace
}  // namespace memscope::symbols
