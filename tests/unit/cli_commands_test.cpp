// Runs the memscope executable built next to this test binary, as a user would.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/sample_trace.h"
#include "support/temp_dir.h"
#include "support/trace_builder.h"

namespace memscope {
namespace {

using nlohmann::json;

struct CommandResult {
    int status = -1;
    std::string out;
    std::string err;
};

std::string memscope_binary() {
    const auto self = std::filesystem::read_symlink("/proc/self/exe");
    return (self.parent_path() / "memscope").string();
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class CliCommands : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!std::filesystem::exists(memscope_binary()))
            GTEST_SKIP() << "memscope executable not built";
        testing::write_sample_trace(dir_.file("sample.mst"));
    }

    CommandResult run(const std::string& args, const std::string& env = "") {
        const std::string out = dir_.file("stdout");
        const std::string err = dir_.file("stderr");
        const std::string cmd = env + " '" + memscope_binary() + "' " + args + " >'" + out +
                                "' 2>'" + err + "' </dev/null";
        const int raw = std::system(cmd.c_str());
        CommandResult r;
        r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
        r.out = slurp(out);
        r.err = slurp(err);
        return r;
    }

    std::string sample() const { return "'" + dir_.file("sample.mst") + "'"; }

    testing::TempDir dir_;
};

TEST_F(CliCommands, Version) {
    const CommandResult r = run("--version");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.rfind("memscope ", 0), 0u) << r.out;
}

TEST_F(CliCommands, HelpEverywhere) {
    for (const char* sub : {"", "summary", "top", "leaks", "run"}) {
        const CommandResult r = run(std::string(sub) + " --help");
        EXPECT_EQ(r.status, 0) << sub;
        EXPECT_NE(r.out.find("Usage:"), std::string::npos) << sub;
    }
}

TEST_F(CliCommands, MissingFileIsExitTwoWithOneLine) {
    const CommandResult r = run("summary '" + dir_.file("nope.mst") + "'");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "memscope: error: cannot open " + dir_.file("nope.mst") +
                         ": No such file or directory\n");
    EXPECT_EQ(r.out, "");
}

TEST_F(CliCommands, NotATraceIsExitTwo) {
    std::ofstream(dir_.file("text.mst")) << "hello, this is text\n";
    for (const char* cmd : {"summary", "top", "leaks"}) {
        const CommandResult r = run(std::string(cmd) + " '" + dir_.file("text.mst") + "' --json");
        EXPECT_EQ(r.status, 2) << cmd;
        EXPECT_EQ(r.err,
                  "memscope: error: " + dir_.file("text.mst") + " is not a memscope trace\n");
    }
}

TEST_F(CliCommands, BadUsageIsExitTwo) {
    EXPECT_EQ(run("").status, 2);
    EXPECT_EQ(run("summary").status, 2);
    EXPECT_EQ(run("frobnicate x").status, 2);
    const CommandResult r = run("top " + sample() + " --by bytes");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err.rfind("memscope: error: --by: bytes not in", 0), 0u) << r.err;
    EXPECT_EQ(run("run").status, 2);
}

TEST_F(CliCommands, SummaryJson) {
    const CommandResult r = run("summary " + sample() + " --json");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const json j = json::parse(r.out);
    EXPECT_EQ(j["peak_heap_bytes"], 1800);
    EXPECT_EQ(j["allocation_calls"], 7);
    EXPECT_EQ(j["leaked_bytes"], 1140);
    EXPECT_EQ(j["truncated"], false);
    EXPECT_EQ(j["peak_heap_stacks"].size(), 3u);
    // No module map in the sample trace: frames stay raw addresses.
    EXPECT_EQ(j["peak_heap_stacks"][0]["frames"][0]["address"], "0xa00");
    EXPECT_EQ(j["peak_heap_stacks"][0]["frames"][0]["function"], "");
}

TEST_F(CliCommands, SummaryStackCount) {
    const CommandResult r = run("summary " + sample() + " --json -n 1");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["peak_heap_stacks"].size(), 1u);
}

TEST_F(CliCommands, TopAndLeaksJson) {
    CommandResult r = run("top " + sample() + " --by allocations -n 0 --json");
    ASSERT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["by"], "allocations");
    // Unsymbolized, the innermost addresses are the sites: 0xa00, 0xa08, and no stack.
    EXPECT_EQ(j["sites"].size(), 3u);
    r = run("leaks " + sample() + " --json");
    ASSERT_EQ(r.status, 0) << r.err;
    j = json::parse(r.out);
    EXPECT_EQ(j["leaked_blocks"], 5);
    EXPECT_EQ(j["leaks"].size(), 5u);  // 13 and 50 differ in their raw recorder frame
}

TEST_F(CliCommands, TruncatedTraceIsNotAnError) {
    testing::write_sample_trace(dir_.file("cut.mst"), /*clean_end=*/false);
    const CommandResult r = run("summary '" + dir_.file("cut.mst") + "' --json");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err, "memscope: warning: " + dir_.file("cut.mst") +
                         " is truncated (the trace ends without its end marker (the recorder did "
                         "not finish)); figures cover the recorded part only\n");
    EXPECT_EQ(json::parse(r.out)["truncated"], true);
}

TEST_F(CliCommands, TextOutputIsPlainWhenNotATerminal) {
    const CommandResult r = run("summary " + sample());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("peak heap"), std::string::npos);
    EXPECT_EQ(r.out.find("\x1b["), std::string::npos);
}

TEST_F(CliCommands, CorruptTracesNeverCrash) {
    testing::TraceBuilder b;
    b.records_per_chunk(3);
    for (std::uint64_t i = 0; i < 40; ++i)
        b.alloc(1 + i % 3, 1'000'000'000 + i, 0x1000 + i * 32, i + 1, 0);
    const auto clean = b.finish();
    for (std::size_t pos = 100; pos < clean.size(); pos += clean.size() / 7) {
        auto bytes = clean;
        for (std::size_t k = pos; k < pos + 8 && k < bytes.size(); ++k) bytes[k] ^= 0x5a;
        testing::write_bytes(dir_.file("bad.mst"), bytes);
        for (const char* cmd : {"summary", "top", "leaks"}) {
            const CommandResult r =
                run(std::string(cmd) + " '" + dir_.file("bad.mst") + "' --json");
            ASSERT_TRUE(r.status == 0 || r.status == 2) << cmd << " at " << pos << ": " << r.err;
            if (r.status == 0) {
                EXPECT_TRUE(json::accept(r.out)) << cmd << " at " << pos;
            }
        }
    }
}

}  // namespace
}  // namespace memscope
