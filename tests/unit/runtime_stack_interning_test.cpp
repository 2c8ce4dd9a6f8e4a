// intern_stack: ids against the shared table walked level by level, through
// the thread's previous stack and its node cache (random call trees with
// shared prefixes, deep enough to be truncated), and the id a capture
// remembers for a repeated stack.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "runtime/core/recorder.h"
#include "runtime/core/stack_interning.h"
#include "runtime/core/thread_registry.h"
#include "support/local_record_stream.h"

namespace memscope {
namespace {

using runtime::CallStack;
using runtime::kMaxStackDepth;

// A recording thread's slot over a local stream, with the process's stack
// table ready (ids keep growing across tests: they are compared with the
// table itself, never with constants).
struct TestSlot {
    testing::LocalRecordStream local{7, 1000, 1u << 24};
    std::unique_ptr<runtime::ThreadSlot> slot = std::make_unique<runtime::ThreadSlot>();

    TestSlot() {
        static const bool ready = runtime::g_recorder.stacks.init();
        EXPECT_TRUE(ready);
        runtime::g_recorder.settings.scan_modules = false;
        slot->stream = local.stream;
    }
};

// The id of stack (innermost first) straight from the shared table; the
// nodes must exist already.
std::uint32_t id_in_table(const std::vector<std::uint64_t>& stack) {
    const std::size_t depth = stack.size() < kMaxStackDepth ? stack.size() : kMaxStackDepth;
    std::uint32_t parent = 0;
    for (std::size_t k = depth; k-- > 0;) {
        bool created = false;
        parent = runtime::g_recorder.stacks.intern(parent, stack[k], &created);
        EXPECT_FALSE(created) << "level " << k;
    }
    return parent;
}

TEST(RuntimeStackInterning, IdsAreTheTablesThroughEveryCache) {
    TestSlot t;
    std::mt19937_64 rng(42);
    // A call tree: frames drawn from few addresses, so paths share prefixes
    // and the node cache sees repeats and collisions.
    std::vector<std::vector<std::uint64_t>> stacks;
    for (int i = 0; i < 3000; ++i) {
        const std::size_t depth = 1 + rng() % 80;
        std::vector<std::uint64_t> s(depth);
        for (std::size_t k = 0; k < depth; ++k) s[k] = 0x400000 + 16 * (rng() % (k < 60 ? 6 : 40));
        stacks.push_back(s);
    }
    for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < stacks.size(); ++i) {
            const auto& s = stacks[(i * 7 + round) % stacks.size()];
            const std::uint32_t id = runtime::intern_stack(
                *t.slot, CallStack{s.data(), static_cast<std::uint32_t>(s.size())}, 2000);
            ASSERT_NE(id, 0u);
            ASSERT_EQ(id, id_in_table(s)) << "stack " << i << " round " << round;
        }
    }
}

TEST(RuntimeStackInterning, ARepeatedStackTakesTheRememberedId) {
    TestSlot t;
    const std::vector<std::uint64_t> a{0x500010, 0x500020, 0x500030};
    const std::vector<std::uint64_t> b{0x500040, 0x500020, 0x500030};
    std::uint32_t remembered = 0;
    // Not repeated: interned, and the id is remembered.
    const std::uint32_t id_a =
        runtime::intern_stack(*t.slot, CallStack{a.data(), 3, &remembered, false}, 2000);
    EXPECT_EQ(id_a, id_in_table(a));
    EXPECT_EQ(remembered, id_a);
    // Repeated with an id: the id stands for the frames, which are not read.
    EXPECT_EQ(runtime::intern_stack(*t.slot, CallStack{nullptr, 0, &remembered, true}, 2000), id_a);
    // Repeated but nothing remembered yet (the memo was just made): interned.
    remembered = 0;
    const std::uint32_t id_b =
        runtime::intern_stack(*t.slot, CallStack{b.data(), 3, &remembered, true}, 2000);
    EXPECT_EQ(id_b, id_in_table(b));
    EXPECT_EQ(remembered, id_b);
    // No cell: plain interning, nothing written anywhere.
    EXPECT_EQ(runtime::intern_stack(*t.slot, CallStack{a.data(), 3}, 2000), id_a);
    EXPECT_EQ(remembered, id_b);
}

}  // namespace
}  // namespace memscope
