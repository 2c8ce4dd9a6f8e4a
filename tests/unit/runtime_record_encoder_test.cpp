#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "format/record_types.h"
#include "format/varint.h"
#include "runtime/core/event_buffer.h"
#include "runtime/core/record_encoder.h"

namespace memscope {
namespace {

using format::AllocFunc;
using format::RecordType;
using runtime::EventBuffer;
using runtime::RecordStream;

// A stream over a local buffer, starting at (ts, address) = (1000, 0x5000).
struct LocalStream {
    std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(4096);
    EventBuffer buffer;
    RecordStream stream;
    LocalStream() {
        buffer.data = bytes.data();
        buffer.capacity = static_cast<std::uint32_t>(bytes.size());
        buffer.start(1, 0, 0, 1000, 0x5000);
        stream.buffer = &buffer;
        stream.last_ts = 1000;
        stream.address.previous = 0x5000;
    }
    std::vector<std::uint8_t> written() const {
        return {bytes.begin(), bytes.begin() + buffer.committed.load()};
    }
};

TEST(RuntimeRecordEncoder, AllocBytesFollowTheFormat) {
    LocalStream s;
    ASSERT_TRUE(runtime::put_alloc(s.stream, 1005, AllocFunc::kCalloc, 0x5040, 300, 7, 42));
    // type, length, ts_delta 5, func 1, zigzag(+0x40) = 0x80 -> 80 01, size 300 -> ac 02,
    // stack 7, duration 42
    const std::vector<std::uint8_t> expected = {1, 8, 5, 1, 0x80, 0x01, 0xac, 0x02, 7, 42};
    EXPECT_EQ(s.written(), expected);
    EXPECT_EQ(s.stream.last_ts, 1005u);
    EXPECT_EQ(s.stream.address.previous, 0x5040u);
}

TEST(RuntimeRecordEncoder, AddressAndTimeChainsContinueAcrossRecords) {
    LocalStream s;
    ASSERT_TRUE(runtime::put_free(s.stream, 1010, 0x4ff0, 3));
    ASSERT_TRUE(
        runtime::put_realloc(s.stream, 1020, AllocFunc::kRealloc, 0x4ff0, 0x6000, 64, 2, 9));
    const auto bytes = s.written();
    format::ByteCursor in(bytes.data(), bytes.data() + bytes.size());
    format::AddressDelta chain;
    chain.previous = 0x5000;
    std::uint64_t ts = 1000;

    EXPECT_EQ(in.byte(), static_cast<std::uint8_t>(RecordType::kFree));
    in.varint();  // length
    ts += in.varint();
    EXPECT_EQ(ts, 1010u);
    EXPECT_EQ(chain.decode(in.svarint()), 0x4ff0u);
    EXPECT_EQ(in.varint(), 3u);

    EXPECT_EQ(in.byte(), static_cast<std::uint8_t>(RecordType::kRealloc));
    in.varint();
    ts += in.varint();
    EXPECT_EQ(ts, 1020u);
    EXPECT_EQ(in.varint(), static_cast<std::uint64_t>(AllocFunc::kRealloc));
    EXPECT_EQ(chain.decode(in.svarint()), 0x4ff0u);
    EXPECT_EQ(chain.decode(in.svarint()), 0x6000u);
    EXPECT_EQ(in.varint(), 64u);
    EXPECT_EQ(in.varint(), 2u);
    EXPECT_EQ(in.varint(), 9u);
    EXPECT_TRUE(in.at_end());
    EXPECT_FALSE(in.failed());
}

TEST(RuntimeRecordEncoder, TimeNeverRunsBackwards) {
    LocalStream s;
    ASSERT_TRUE(runtime::put_plain(s.stream, RecordType::kThreadStart, 900));
    const std::vector<std::uint8_t> expected = {static_cast<std::uint8_t>(RecordType::kThreadStart),
                                                1, 0};
    EXPECT_EQ(s.written(), expected);
    EXPECT_EQ(s.stream.last_ts, 1000u);
}

TEST(RuntimeRecordEncoder, LongTextGetsAMultiByteLength) {
    LocalStream s;
    const std::string path(200, 'x');
    ASSERT_TRUE(runtime::put_text(s.stream, RecordType::kExec, 1000, path.data(),
                                  static_cast<std::uint32_t>(path.size())));
    const auto bytes = s.written();
    // payload: ts_delta (1) + length varint (2) + 200 bytes = 203 -> cb 01
    ASSERT_EQ(bytes.size(), 1u + 2u + 203u);
    EXPECT_EQ(bytes[0], static_cast<std::uint8_t>(RecordType::kExec));
    EXPECT_EQ(bytes[1], 0xcb);
    EXPECT_EQ(bytes[2], 0x01);
    EXPECT_EQ(bytes[3], 0);  // ts delta
    EXPECT_EQ(bytes[4], 0xc8);
    EXPECT_EQ(bytes[5], 0x01);
    EXPECT_EQ(bytes[6], 'x');
    EXPECT_EQ(bytes.back(), 'x');
}

TEST(RuntimeRecordEncoder, WithoutRoomTheRecordIsDropped) {
    LocalStream s;
    s.buffer.capacity = 40;  // less than a small record may need
    EXPECT_FALSE(runtime::put_free(s.stream, 1001, 0x5000, 1));
    EXPECT_EQ(s.buffer.committed.load(), 0u);
    EXPECT_EQ(s.stream.last_ts, 1000u);
}

}  // namespace
}  // namespace memscope
