#include <gtest/gtest.h>

#include "analysis/mmap_tracker.h"

namespace memscope::analysis {
namespace {

trace::Event mapping(trace::EventKind kind, std::uint64_t address, std::uint64_t length) {
    trace::Event e{};
    e.kind = kind;
    e.address = address;
    e.size = length;
    return e;
}

void map(MmapTracker& m, std::uint64_t address, std::uint64_t length) {
    m.on_mmap(mapping(trace::EventKind::kMmap, address, length));
}
void unmap(MmapTracker& m, std::uint64_t address, std::uint64_t length) {
    m.on_munmap(mapping(trace::EventKind::kMunmap, address, length));
}

constexpr std::uint64_t kPage = 4096;
constexpr std::uint64_t kBase = 0x7f00'0000'0000;

TEST(AnalysisMmap, PartialMunmapSplitsRegions) {
    MmapTracker m(kPage);
    map(m, kBase, 10 * kPage);
    unmap(m, kBase + 2 * kPage, 3 * kPage);  // hole in the middle
    EXPECT_EQ(m.totals().live_bytes, 7 * kPage);
    EXPECT_EQ(m.region_count(), 2u);
    unmap(m, kBase, kPage);              // front
    unmap(m, kBase + 9 * kPage, kPage);  // back
    EXPECT_EQ(m.totals().live_bytes, 5 * kPage);
    unmap(m, kBase, 10 * kPage);  // spans holes and both pieces
    EXPECT_EQ(m.totals().live_bytes, 0u);
    EXPECT_EQ(m.region_count(), 0u);
    EXPECT_EQ(m.totals().calls, 1u);
    EXPECT_EQ(m.totals().mapped_bytes, 10 * kPage);
    EXPECT_EQ(m.totals().peak_bytes, 10 * kPage);
}

TEST(AnalysisMmap, LengthsRoundUpToPages) {
    MmapTracker m(kPage);
    map(m, kBase, 100);
    EXPECT_EQ(m.totals().live_bytes, kPage);
    unmap(m, kBase, 1);
    EXPECT_EQ(m.totals().live_bytes, 0u);
}

TEST(AnalysisMmap, MappingOverAMappingReplacesIt) {
    MmapTracker m(kPage);
    map(m, kBase, 4 * kPage);
    map(m, kBase + kPage, 2 * kPage);  // MAP_FIXED inside the first one
    EXPECT_EQ(m.totals().live_bytes, 4 * kPage);
    EXPECT_EQ(m.totals().mapped_bytes, 6 * kPage);
    EXPECT_EQ(m.region_count(), 3u);
    EXPECT_EQ(m.totals().peak_bytes, 4 * kPage);
}

TEST(AnalysisMmap, UnmappingUnknownRangesChangesNothing) {
    MmapTracker m(kPage);
    map(m, kBase, kPage);
    unmap(m, kBase + 16 * kPage, 4 * kPage);
    unmap(m, 0x1000, kPage);
    EXPECT_EQ(m.totals().live_bytes, kPage);
}

TEST(AnalysisMmap, PeakAndStillMapped) {
    MmapTracker m(kPage);
    map(m, kBase, 8 * kPage);
    map(m, kBase + 0x100000, 8 * kPage);
    unmap(m, kBase, 8 * kPage);
    map(m, kBase + 0x200000, 2 * kPage);
    EXPECT_EQ(m.totals().peak_bytes, 16 * kPage);
    EXPECT_EQ(m.totals().live_bytes, 10 * kPage);
    EXPECT_EQ(m.totals().calls, 3u);
}

}  // namespace
}  // namespace memscope::analysis
