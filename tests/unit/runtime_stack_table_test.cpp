#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <set>
#include <thread>
#include <vector>

#include "runtime/core/stack_table.h"

namespace memscope {
namespace {

TEST(RuntimeStackTable, SameKeySameIdAndIdsStartAtOne) {
    runtime::StackTable table;
    ASSERT_TRUE(table.init());
    bool created = false;
    const std::uint32_t root = table.intern(0, 0x401000, &created);
    EXPECT_EQ(root, 1u);
    EXPECT_TRUE(created);
    const std::uint32_t child = table.intern(root, 0x402000, &created);
    EXPECT_EQ(child, 2u);
    EXPECT_TRUE(created);
    EXPECT_EQ(table.intern(0, 0x401000, &created), root);
    EXPECT_FALSE(created);
    // Same ip under another parent is another node.
    EXPECT_EQ(table.intern(child, 0x401000, &created), 3u);
    EXPECT_TRUE(created);
    EXPECT_EQ(table.node_count(), 3u);
}

TEST(RuntimeStackTable, GrowsPastItsFirstLevel) {
    runtime::StackTable table;
    ASSERT_TRUE(table.init());
    constexpr std::uint32_t kKeys = 100000;  // the first level holds 32768
    bool created = false;
    for (std::uint32_t i = 0; i < kKeys; ++i)
        ASSERT_EQ(table.intern(i % 7, 0x1000 + i, &created), i + 1);
    for (std::uint32_t i = 0; i < kKeys; ++i) {
        ASSERT_EQ(table.intern(i % 7, 0x1000 + i, &created), i + 1);
        ASSERT_FALSE(created);
    }
    EXPECT_EQ(table.node_count(), kKeys);
}

TEST(RuntimeStackTable, ConcurrentInternsAgreeOnEveryId) {
    runtime::StackTable table;
    ASSERT_TRUE(table.init());
    constexpr int kThreads = 8;
    constexpr std::uint32_t kKeys = 5000;
    std::vector<std::vector<std::uint32_t>> ids(kThreads, std::vector<std::uint32_t>(kKeys));
    std::atomic<int> created_total{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (std::uint32_t i = 0; i < kKeys; ++i) {
                // Every thread walks the keys in another order.
                const std::uint32_t k = (i * 7919u + static_cast<std::uint32_t>(t) * 131u) % kKeys;
                bool created = false;
                ids[t][k] = table.intern(k % 3, 0x5000 + k, &created);
                if (created) created_total.fetch_add(1);
            }
        });
    }
    for (auto& th : threads) th.join();
    std::set<std::uint32_t> distinct;
    for (std::uint32_t k = 0; k < kKeys; ++k) {
        for (int t = 1; t < kThreads; ++t) ASSERT_EQ(ids[t][k], ids[0][k]) << "key " << k;
        distinct.insert(ids[0][k]);
    }
    EXPECT_EQ(distinct.size(), kKeys);
    EXPECT_EQ(created_total.load(), static_cast<int>(kKeys));
}

}  // namespace
}  // namespace memscope
