#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "format/varint.h"

namespace memscope::format {
namespace {

TEST(TraceVarint, RoundTripsBoundaryValues) {
    const std::vector<std::uint64_t> values = {0,
                                               1,
                                               127,
                                               128,
                                               255,
                                               300,
                                               16383,
                                               16384,
                                               1ull << 32,
                                               1ull << 56,
                                               (1ull << 63) - 1,
                                               std::numeric_limits<std::uint64_t>::max()};
    for (const std::uint64_t v : values) {
        std::uint8_t buf[kMaxVarintBytes] = {};
        const std::size_t n = encode_varint(buf, v);
        ByteCursor in(buf, buf + n);
        EXPECT_EQ(in.varint(), v);
        EXPECT_FALSE(in.failed());
        EXPECT_TRUE(in.at_end());
    }
}

TEST(TraceVarint, EncodedLengths) {
    std::uint8_t buf[kMaxVarintBytes];
    EXPECT_EQ(encode_varint(buf, 0), 1u);
    EXPECT_EQ(encode_varint(buf, 127), 1u);
    EXPECT_EQ(encode_varint(buf, 128), 2u);
    EXPECT_EQ(encode_varint(buf, std::numeric_limits<std::uint64_t>::max()), 10u);
    EXPECT_EQ(encode_varint(buf, 300), 2u);
    EXPECT_EQ(buf[0], 0xac);
    EXPECT_EQ(buf[1], 0x02);
}

TEST(TraceVarint, ZigzagRoundTripsAndKeepsSmallMagnitudesSmall) {
    EXPECT_EQ(zigzag_encode(0), 0u);
    EXPECT_EQ(zigzag_encode(-1), 1u);
    EXPECT_EQ(zigzag_encode(1), 2u);
    EXPECT_EQ(zigzag_encode(-2), 3u);
    const std::vector<std::int64_t> values = {0,
                                              1,
                                              -1,
                                              63,
                                              -64,
                                              4096,
                                              -4096,
                                              std::numeric_limits<std::int64_t>::min(),
                                              std::numeric_limits<std::int64_t>::max()};
    for (const std::int64_t v : values) EXPECT_EQ(zigzag_decode(zigzag_encode(v)), v);
}

TEST(TraceVarint, CutShortVarintFails) {
    const std::uint8_t buf[] = {0x80, 0x80};
    ByteCursor in(buf, buf + sizeof buf);
    EXPECT_EQ(in.varint(), 0u);
    EXPECT_TRUE(in.failed());
}

TEST(TraceVarint, OverlongVarintFails) {
    std::vector<std::uint8_t> buf(11, 0xff);
    buf.push_back(0x01);
    ByteCursor in(buf.data(), buf.data() + buf.size());
    in.varint();
    EXPECT_TRUE(in.failed());
}

}  // namespace
}  // namespace memscope::format
