#include <gtest/gtest.h>

#include <string>

#include "runtime/core/output_pattern.h"

namespace memscope {
namespace {

std::string expand(const char* pattern, std::uint32_t pid, std::size_t capacity = 256) {
    std::string out(capacity, '\0');
    if (!runtime::expand_output_pattern(pattern, pid, out.data(), capacity)) return "<too long>";
    return out.c_str();
}

TEST(RuntimeOutputPattern, ExpandsPidAndPercent) {
    EXPECT_EQ(expand("/t/memscope.app.%p.mst", 4321), "/t/memscope.app.4321.mst");
    EXPECT_EQ(expand("a%%p-%p%%", 7), "a%p-7%");
    EXPECT_EQ(expand("%p", 0), "0");
    EXPECT_EQ(expand("x%y%", 1), "x%y%");  // other % sequences stay as they are
}

TEST(RuntimeOutputPattern, RefusesWhatDoesNotFit) {
    EXPECT_EQ(expand("trace.%p", 123456, 12), "<too long>");
    EXPECT_EQ(expand("trace.%p", 123456, 13), "trace.123456");
}

TEST(RuntimeOutputPattern, KnowsWhetherThePidIsInTheName) {
    EXPECT_TRUE(runtime::output_pattern_has_pid("t.%p.mst"));
    EXPECT_FALSE(runtime::output_pattern_has_pid("t.mst"));
    EXPECT_FALSE(runtime::output_pattern_has_pid("t.%%p.mst"));
    EXPECT_TRUE(runtime::output_pattern_has_pid("t.%%%p.mst"));
}

}  // namespace
}  // namespace memscope
