#include <gtest/gtest.h>

#include "report/text_table.h"
#include "report/units.h"

namespace memscope::report {
namespace {

TEST(ReportUnits, Bytes) {
    EXPECT_EQ(format_bytes(0), "0 B");
    EXPECT_EQ(format_bytes(1023), "1023 B");
    EXPECT_EQ(format_bytes(1024), "1.00 KiB");
    EXPECT_EQ(format_bytes(1536), "1.50 KiB");
    EXPECT_EQ(format_bytes(1800), "1.76 KiB");
    EXPECT_EQ(format_bytes(102400), "100.0 KiB");
    EXPECT_EQ(format_bytes(1048575), "1.00 MiB");
    EXPECT_EQ(format_bytes(5u << 20), "5.00 MiB");
    EXPECT_EQ(format_bytes(12'950'000), "12.35 MiB");
    EXPECT_EQ(format_bytes(3ull << 30), "3.00 GiB");
    EXPECT_EQ(format_bytes(500ull << 30), "500.0 GiB");
}

TEST(ReportUnits, Durations) {
    EXPECT_EQ(format_duration(0), "0 ns");
    EXPECT_EQ(format_duration(999), "999 ns");
    EXPECT_EQ(format_duration(5'000), "5.00 us");
    EXPECT_EQ(format_duration(3'200'000), "3.20 ms");
    EXPECT_EQ(format_duration(1'250'000'000), "1.25 s");
    EXPECT_EQ(format_duration(150'000'000'000), "150.0 s");
    EXPECT_EQ(format_duration(750'000'000'000), "12.50 min");
}

TEST(ReportUnits, Counts) {
    EXPECT_EQ(format_count(0), "0");
    EXPECT_EQ(format_count(999), "999");
    EXPECT_EQ(format_count(1000), "1,000");
    EXPECT_EQ(format_count(12345), "12,345");
    EXPECT_EQ(format_count(1234567), "1,234,567");
    EXPECT_EQ(plural(1, "block", "blocks"), "1 block");
    EXPECT_EQ(plural(2, "block", "blocks"), "2 blocks");
}

TEST(ReportTextTable, AlignsColumns) {
    TextTable t({TextTable::Align::kLeft, TextTable::Align::kRight, TextTable::Align::kLeft});
    t.add_row({"a", "1", "x"});
    t.add_row({"longer", "12345", "y"});
    EXPECT_EQ(t.render("  "),
              "  a           1  x\n"
              "  longer  12345  y\n");
}

TEST(ReportTextTable, StyledCellsKeepTheAlignmentOfTheirText) {
    TextTable t({TextTable::Align::kRight, TextTable::Align::kLeft});
    t.add_row({"7", "z"}, {"\x1b[1m7\x1b[0m", "z"});
    t.add_row({"100", "w"});
    EXPECT_EQ(t.render(), "  \x1b[1m7\x1b[0m  z\n100  w\n");
}

}  // namespace
}  // namespace memscope::report
