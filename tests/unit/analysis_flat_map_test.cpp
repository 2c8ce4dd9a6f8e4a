#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

#include "analysis/flat_u64_map.h"

namespace memscope::analysis {
namespace {

TEST(AnalysisFlatMap, MatchesUnorderedMapUnderRandomChurn) {
    FlatU64Map<std::uint64_t> flat;
    std::unordered_map<std::uint64_t, std::uint64_t> ref;
    std::mt19937_64 rng(12345);
    for (int step = 0; step < 200000; ++step) {
        // Few distinct keys, 16-byte aligned like heap addresses, so erase and
        // reinsert collide a lot.
        const std::uint64_t key = 0x5500'0000'0000 + (rng() % 5000) * 16;
        if (rng() % 3 == 0) {
            std::uint64_t got = 0;
            const bool erased = flat.erase(key, &got);
            const auto it = ref.find(key);
            ASSERT_EQ(erased, it != ref.end());
            if (erased) {
                ASSERT_EQ(got, it->second);
                ref.erase(it);
            }
        } else {
            const std::uint64_t value = rng();
            auto [slot, fresh] = flat.insert(key);
            ASSERT_EQ(fresh, ref.find(key) == ref.end());
            *slot = value;
            ref[key] = value;
        }
        ASSERT_EQ(flat.size(), ref.size());
    }
    for (const auto& [k, v] : ref) {
        const std::uint64_t* got = flat.find(k);
        ASSERT_NE(got, nullptr);
        EXPECT_EQ(*got, v);
    }
    std::size_t visited = 0;
    flat.for_each([&](std::uint64_t k, std::uint64_t v) {
        ++visited;
        EXPECT_EQ(ref.at(k), v);
    });
    EXPECT_EQ(visited, ref.size());
}

TEST(AnalysisFlatMap, FindMissingAndEraseMissing) {
    FlatU64Map<int> m;
    EXPECT_EQ(m.find(42), nullptr);
    EXPECT_FALSE(m.erase(42));
    *m.insert(42).first = 7;
    EXPECT_EQ(*m.find(42), 7);
    EXPECT_FALSE(m.insert(42).second);
    EXPECT_TRUE(m.erase(42));
    EXPECT_TRUE(m.empty());
}

}  // namespace
}  // namespace memscope::analysis
