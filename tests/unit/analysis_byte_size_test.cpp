#include <gtest/gtest.h>

#include <string>

#include "analysis/byte_size.h"
#include "analysis/limit_check.h"
#include "report/check_report.h"

namespace memscope::analysis {
namespace {

TEST(ByteSize, PlainBytes) {
    EXPECT_EQ(parse_byte_size("0"), 0u);
    EXPECT_EQ(parse_byte_size("4096"), 4096u);
    EXPECT_EQ(parse_byte_size("18446744073709551615"), UINT64_MAX);
    EXPECT_EQ(parse_byte_size("12B"), 12u);
    EXPECT_EQ(parse_byte_size(" 12 b "), 12u);
}

TEST(ByteSize, BinaryUnits) {
    EXPECT_EQ(parse_byte_size("1KiB"), 1024u);
    EXPECT_EQ(parse_byte_size("10MiB"), 10u << 20);
    EXPECT_EQ(parse_byte_size("10 MiB"), 10u << 20);
    EXPECT_EQ(parse_byte_size("1.5GiB"), 3ull << 29);
    EXPECT_EQ(parse_byte_size("2TiB"), 2ull << 40);
    EXPECT_EQ(parse_byte_size("10mib"), 10u << 20);
    EXPECT_EQ(parse_byte_size("64K"), 64u << 10);
    EXPECT_EQ(parse_byte_size("64M"), 64u << 20);
    EXPECT_EQ(parse_byte_size("1G"), 1u << 30);
}

TEST(ByteSize, DecimalUnits) {
    EXPECT_EQ(parse_byte_size("1kB"), 1000u);
    EXPECT_EQ(parse_byte_size("1KB"), 1000u);
    EXPECT_EQ(parse_byte_size("10MB"), 10'000'000u);
    EXPECT_EQ(parse_byte_size("1.5GB"), 1'500'000'000u);
    EXPECT_EQ(parse_byte_size("3TB"), 3'000'000'000'000u);
    EXPECT_EQ(parse_byte_size(".5kB"), 500u);
}

TEST(ByteSize, RejectsWhatIsNotASize) {
    for (const char* bad : {"", " ", "MiB", "-1", "-1MiB", "1.2.3", "10 XB", "10MiBs", "1e6",
                            "0x10", "1,000", "10 Mi B", "20000000TiB"})
        EXPECT_FALSE(parse_byte_size(bad).has_value()) << bad;
    EXPECT_FALSE(parse_byte_size("18446744073709551616").has_value());
    EXPECT_FALSE(parse_byte_size(std::string(400, '9') + "KiB").has_value());
}

TEST(Count, DigitsAndDecimalSuffixes) {
    EXPECT_EQ(parse_count("0"), 0u);
    EXPECT_EQ(parse_count("5000"), 5000u);
    EXPECT_EQ(parse_count("5k"), 5000u);
    EXPECT_EQ(parse_count("2M"), 2'000'000u);
    EXPECT_EQ(parse_count("1.5k"), 1500u);
    for (const char* bad : {"", "1.5", "-3", "5KiB", "5 apples", "k"})
        EXPECT_FALSE(parse_count(bad).has_value()) << bad;
}

TEST(LimitCheck, OnlySetLimitsAreCheckedAndEqualPasses) {
    LimitFigures f;
    f.peak_heap_bytes = 10u << 20;
    f.leaked_bytes = 100;
    f.allocation_calls = 50;
    f.temporary_allocations = 7;
    Limits limits;
    limits.max_peak_bytes = 10u << 20;
    limits.max_temporary = 6;
    const auto out = check_limits(f, limits);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_STREQ(out[0].option, "--max-peak");
    EXPECT_FALSE(out[0].exceeded());
    EXPECT_STREQ(out[1].option, "--max-temporary");
    EXPECT_TRUE(out[1].exceeded());
    EXPECT_TRUE(Limits{}.empty());
}

TEST(LimitCheck, MessagesNameEachExceededLimit) {
    LimitFigures f;
    f.peak_heap_bytes = (10u << 20) + 1;
    f.leaked_bytes = 2048;
    f.allocation_calls = 5;
    Limits limits;
    limits.max_peak_bytes = 10u << 20;
    limits.max_leaked_bytes = 1024;
    limits.max_allocations = 5;
    const auto out = check_limits(f, limits);
    const std::string text = report::check_failures_text(out, report::TextStyle(false));
    EXPECT_EQ(text,
              "memscope: check failed: peak heap 10.00 MiB (10,485,761 B) exceeds --max-peak "
              "10.00 MiB (10,485,760 B)\n"
              "memscope: check failed: leaked 2.00 KiB exceeds --max-leaked 1.00 KiB\n");
    const auto json = report::check_json("t.mst", false, out);
    EXPECT_EQ(json["passed"], false);
    EXPECT_EQ(json["limits"].size(), 3u);
    EXPECT_EQ(json["limits"][2]["metric"], "allocation_calls");
    EXPECT_EQ(json["limits"][2]["passed"], true);
}

}  // namespace
}  // namespace memscope::analysis
