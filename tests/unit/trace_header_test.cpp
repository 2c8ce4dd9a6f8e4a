#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "support/temp_dir.h"
#include "support/trace_builder.h"
#include "trace/trace_reader.h"

namespace memscope {
namespace {

using testing::TempDir;
using testing::TraceBuilder;
using testing::TraceHeaderSpec;

std::string error_of(const std::string& path) {
    try {
        trace::TraceReader reader(path);
    } catch (const trace::TraceError& e) {
        return e.what();
    }
    return "";
}

TEST(TraceHeader, DecodesEveryField) {
    TempDir dir;
    TraceHeaderSpec spec;
    spec.pid = 777;
    spec.ppid = 55;
    spec.rank = 3;
    spec.page_size = 16384;
    spec.start_monotonic_ns = 123456789;
    spec.start_realtime_ns = 987654321;
    spec.hostname = "node17";
    spec.executable = "/opt/bin/solver";
    spec.command_line = {"solver", "", "--n=3"};
    const std::string path = dir.file("t.mst");
    TraceBuilder(spec).write(path);

    trace::TraceReader reader(path);
    const auto& h = reader.header();
    EXPECT_EQ(h.version_major, format::kVersionMajor);
    EXPECT_EQ(h.version_minor, format::kVersionMinor);
    EXPECT_EQ(h.pid, 777u);
    EXPECT_EQ(h.ppid, 55u);
    EXPECT_EQ(h.rank, 3);
    EXPECT_EQ(h.page_size, 16384u);
    EXPECT_EQ(h.start_monotonic_ns, 123456789u);
    EXPECT_EQ(h.start_realtime_ns, 987654321u);
    EXPECT_EQ(h.hostname, "node17");
    EXPECT_EQ(h.executable, "/opt/bin/solver");
    EXPECT_EQ(h.command_line, (std::vector<std::string>{"solver", "", "--n=3"}));
    EXPECT_FALSE(reader.truncated());
    EXPECT_TRUE(reader.chunks().empty());
}

TEST(TraceHeader, MissingFile) {
    TempDir dir;
    EXPECT_EQ(error_of(dir.file("absent.mst")),
              "cannot open " + dir.file("absent.mst") + ": No such file or directory");
}

TEST(TraceHeader, DirectoryIsRejected) {
    TempDir dir;
    EXPECT_EQ(error_of(dir.path()), dir.path() + " is not a regular file");
}

TEST(TraceHeader, EmptyAndForeignFilesAreNotTraces) {
    TempDir dir;
    testing::write_bytes(dir.file("empty"), {});
    EXPECT_EQ(error_of(dir.file("empty")), dir.file("empty") + " is not a memscope trace");
    std::vector<std::uint8_t> text(200, 'x');
    testing::write_bytes(dir.file("text"), text);
    EXPECT_EQ(error_of(dir.file("text")), dir.file("text") + " is not a memscope trace");
    // Right magic but shorter than the fixed header.
    testing::write_bytes(dir.file("short"), {'M', 'E', 'M', 'S', 'C', 'O', 'P', 'E', 1, 0});
    EXPECT_EQ(error_of(dir.file("short")), dir.file("short") + " is not a memscope trace");
}

TEST(TraceHeader, NewerMajorVersionIsRefused) {
    TempDir dir;
    TraceHeaderSpec spec;
    spec.version_major = 3;
    spec.version_minor = 0;
    TraceBuilder(spec).write(dir.file("v3"));
    EXPECT_EQ(
        error_of(dir.file("v3")),
        dir.file("v3") + ": unsupported trace version 3.0 (this memscope reads versions 1 to 2)");
}

TEST(TraceHeader, NewerMinorVersionIsRead) {
    TempDir dir;
    TraceHeaderSpec spec;
    spec.version_minor = 7;
    TraceBuilder(spec).write(dir.file("v17"));
    trace::TraceReader reader(dir.file("v17"));
    EXPECT_EQ(reader.header().version_minor, 7);
}

TEST(TraceHeader, CrcMismatchIsCorrupt) {
    TempDir dir;
    auto bytes = TraceBuilder().finish();
    bytes[offsetof(format::FileHeaderFixed, pid)] ^= 0x01;
    testing::write_bytes(dir.file("bad"), bytes);
    EXPECT_EQ(error_of(dir.file("bad")), dir.file("bad") + ": trace header is corrupt");
}

TEST(TraceHeader, HeaderSizeBeyondFileIsCorrupt) {
    TempDir dir;
    auto bytes = TraceBuilder().finish();
    const std::uint32_t huge = 1u << 19;
    std::memcpy(bytes.data() + offsetof(format::FileHeaderFixed, header_size), &huge, 4);
    testing::write_bytes(dir.file("bad"), bytes);
    EXPECT_EQ(error_of(dir.file("bad")), dir.file("bad") + ": trace header is corrupt");
}

TEST(TraceHeader, StringRunningPastHeaderIsCorrupt) {
    TempDir dir;
    auto bytes = TraceBuilder().finish();
    // The hostname's length field is the first thing after the fixed part.
    const std::uint32_t len = 5000;
    std::memcpy(bytes.data() + sizeof(format::FileHeaderFixed), &len, 4);
    testing::reseal_file_header(bytes);
    testing::write_bytes(dir.file("bad"), bytes);
    EXPECT_EQ(error_of(dir.file("bad")), dir.file("bad") + ": trace header is corrupt");
}

}  // namespace
}  // namespace memscope
