#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "format/record_types.h"
#include "runtime/core/event_buffer.h"
#include "runtime/core/record_encoder.h"
#include "runtime/core/record_range_summary.h"

namespace memscope {
namespace {

using format::AllocFunc;
using format::RecordType;

TEST(RuntimeRecordRangeSummary, CountsAndChainsOfARange) {
    std::vector<std::uint8_t> bytes(4096);
    runtime::EventBuffer buffer;
    buffer.data = bytes.data();
    buffer.capacity = 4096;
    runtime::RecordStream s;
    s.buffer = &buffer;
    s.last_ts = 500;
    s.address.previous = 0x1000;

    runtime::put_stack_node(s, 510, 1, 0, 0x401000);
    runtime::put_alloc(s, 510, AllocFunc::kMalloc, 0x2000, 16, 1, 4);
    runtime::put_realloc(s, 520, AllocFunc::kRealloc, 0x2000, 0x3000, 32, 1, 6);
    const std::uint32_t cut = buffer.committed.load();
    runtime::put_free(s, 530, 0x3000, 2);
    runtime::put_plain(s, RecordType::kThreadExit, 540);
    const std::uint32_t end = buffer.committed.load();

    const auto first = runtime::summarize_records(bytes.data(), bytes.data() + cut,
                                                  runtime::DeltaChains{500, 0x1000});
    ASSERT_TRUE(first.valid);
    EXPECT_EQ(first.records, 3u);
    EXPECT_EQ(first.allocs, 2u);
    EXPECT_EQ(first.frees, 0u);
    EXPECT_EQ(first.t_begin, 510u);
    EXPECT_EQ(first.t_end, 520u);
    EXPECT_EQ(first.end.ts, 520u);
    EXPECT_EQ(first.end.address, 0x3000u);

    const auto second =
        runtime::summarize_records(bytes.data() + cut, bytes.data() + end, first.end);
    ASSERT_TRUE(second.valid);
    EXPECT_EQ(second.records, 2u);
    EXPECT_EQ(second.allocs, 0u);
    EXPECT_EQ(second.frees, 1u);
    EXPECT_EQ(second.t_begin, 530u);
    EXPECT_EQ(second.t_end, 540u);
    EXPECT_EQ(second.end.address, 0x3000u);
}

TEST(RuntimeRecordRangeSummary, ACutRecordIsInvalid) {
    const std::uint8_t bytes[] = {static_cast<std::uint8_t>(RecordType::kFree), 5, 1, 2};
    const auto s = runtime::summarize_records(bytes, bytes + sizeof(bytes), {});
    EXPECT_FALSE(s.valid);
}

}  // namespace
}  // namespace memscope
