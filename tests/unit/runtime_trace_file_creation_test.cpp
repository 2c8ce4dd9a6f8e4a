#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>

#include "runtime/core/trace_file_creation.h"
#include "support/temp_dir.h"

namespace memscope {
namespace {

using runtime::CreatedTrace;
using testing::TempDir;

std::string contents(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

TEST(RuntimeTraceFileCreation, RootGetsTheExactNameWithMode0600) {
    TempDir dir;
    CreatedTrace t;
    runtime::create_trace_file(dir.file("t.%p.mst").c_str(), 42, true, false, t);
    ASSERT_GE(t.fd, 0);
    close(t.fd);
    EXPECT_EQ(std::string(t.path), dir.file("t.42.mst"));
    struct stat st;
    ASSERT_EQ(stat(t.path, &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(RuntimeTraceFileCreation, RootNeverOverwritesWithoutForce) {
    TempDir dir;
    write_file(dir.file("t.mst"), "old");
    CreatedTrace t;
    runtime::create_trace_file(dir.file("t.mst").c_str(), 1, true, false, t);
    EXPECT_LT(t.fd, 0);
    EXPECT_EQ(t.error, EEXIST);
    EXPECT_EQ(contents(dir.file("t.mst")), "old");
}

TEST(RuntimeTraceFileCreation, ForceReplacesARegularFile) {
    TempDir dir;
    write_file(dir.file("t.mst"), "old");
    CreatedTrace t;
    runtime::create_trace_file(dir.file("t.mst").c_str(), 1, true, true, t);
    ASSERT_GE(t.fd, 0);
    close(t.fd);
    EXPECT_EQ(contents(dir.file("t.mst")), "");
}

TEST(RuntimeTraceFileCreation, NeverWritesThroughASymlinkEvenWithForce) {
    TempDir dir;
    write_file(dir.file("victim"), "precious");
    ASSERT_EQ(symlink(dir.file("victim").c_str(), dir.file("t.mst").c_str()), 0);
    CreatedTrace t;
    runtime::create_trace_file(dir.file("t.mst").c_str(), 1, true, true, t);
    EXPECT_LT(t.fd, 0);
    EXPECT_EQ(contents(dir.file("victim")), "precious");
    struct stat st;
    ASSERT_EQ(lstat(dir.file("t.mst").c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
}

TEST(RuntimeTraceFileCreation, OtherProcessesTakeTheNextFreeSuffix) {
    TempDir dir;
    write_file(dir.file("t.mst"), "root");
    write_file(dir.file("t.mst.1"), "first exec");
    CreatedTrace t;
    runtime::create_trace_file(dir.file("t.mst").c_str(), 9, false, true, t);
    ASSERT_GE(t.fd, 0);
    close(t.fd);
    EXPECT_EQ(std::string(t.path), dir.file("t.mst.2"));
    EXPECT_EQ(contents(dir.file("t.mst")), "root");
}

TEST(RuntimeTraceFileCreation, ManifestGetsOneLinePerTrace) {
    TempDir dir;
    const std::string manifest = dir.file("manifest");
    write_file(manifest, "");
    runtime::append_to_manifest(manifest.c_str(), 17, "/x/a.mst");
    runtime::append_to_manifest(manifest.c_str(), 18, "/x/b.mst");
    EXPECT_EQ(contents(manifest), "17\t/x/a.mst\n18\t/x/b.mst\n");
}

}  // namespace
}  // namespace memscope
