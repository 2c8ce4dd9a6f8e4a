// The recorder's writing side (header, record encoder, chunk writer, module
// map) read back by the real reader: the contract between the two halves.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "format/record_types.h"
#include "runtime/core/event_buffer.h"
#include "runtime/core/file_header.h"
#include "runtime/core/module_map.h"
#include "runtime/core/record_encoder.h"
#include "runtime/core/record_range_summary.h"
#include "runtime/core/trace_output.h"
#include "support/local_record_stream.h"
#include "support/temp_dir.h"
#include "trace/trace_reader.h"

namespace memscope {
namespace {

using format::AllocFunc;
using format::RecordType;
using trace::Event;
using trace::EventKind;

struct Collect : trace::EventSink {
    std::vector<Event> events;
    void on_event(const Event& e) override { events.push_back(e); }
};

TEST(RuntimeTraceRoundTrip, TheReaderSeesExactlyWhatWasRecorded) {
    testing::TempDir dir;
    const std::string path = dir.file("t.mst");
    runtime::TraceOutput out;
    format::ColumnSettings exact;
    exact.timing = format::ColumnTiming::kExact;
    ASSERT_TRUE(testing::start_test_trace(out, path, exact));

    testing::LocalRecordStream thread(77, 1000);
    auto& s = thread.stream;
    runtime::put_plain(s, RecordType::kThreadStart, 1050);
    runtime::put_text(s, RecordType::kThreadName, 1050, "worker", 6);
    runtime::put_stack_node(s, 1100, 1, 0, 0x401000);
    runtime::put_stack_node(s, 1100, 2, 1, 0x402000);
    runtime::put_alloc(s, 1100, AllocFunc::kMalloc, 0x10000, 64, 2, 10);
    ASSERT_TRUE(thread.write_chunk(out));  // the address chain continues into the next chunk
    runtime::put_realloc(s, 1200, AllocFunc::kRealloc, 0x10000, 0x20000, 128, 2, 20);
    runtime::put_free(s, 1300, 0x20000, 5);
    runtime::put_plain(s, RecordType::kThreadExit, 1400);
    ASSERT_TRUE(thread.write_chunk(out));

    testing::LocalRecordStream process(0, 1000);
    runtime::put_plain(process.stream, RecordType::kRssSample, 1250, 1, 8192);
    runtime::put_plain(process.stream, RecordType::kProcessExit, 1500, 3,
                       static_cast<std::uint64_t>(format::ExitHow::kExit), 3, 65536);
    ASSERT_TRUE(process.write_chunk(out));
    ASSERT_TRUE(out.write_end(1500));
    out.close_file();

    trace::TraceReader reader(path);
    EXPECT_EQ(reader.header().pid, 4242u);
    EXPECT_EQ(reader.header().executable, "/bin/app");
    EXPECT_EQ(reader.header().command_line, (std::vector<std::string>{"app", "-v"}));
    Collect sink;
    reader.read_events(sink);
    EXPECT_FALSE(reader.truncated()) << reader.truncation_reason();
    ASSERT_EQ(sink.events.size(), 8u);
    const auto& e = sink.events;
    EXPECT_EQ(e[0].kind, EventKind::kThreadStart);
    EXPECT_EQ(e[1].kind, EventKind::kAlloc);
    EXPECT_EQ(e[1].time_ns, 1100u);
    EXPECT_EQ(e[1].address, 0x10000u);
    EXPECT_EQ(e[1].size, 64u);
    EXPECT_EQ(e[1].stack, 2u);
    EXPECT_EQ(e[1].duration_ns, 10u);
    EXPECT_EQ(e[1].tid, 77u);
    EXPECT_EQ(e[2].kind, EventKind::kFree);  // realloc's free half at ts
    EXPECT_TRUE(e[2].from_realloc);
    EXPECT_EQ(e[2].address, 0x10000u);
    EXPECT_EQ(e[2].time_ns, 1200u);
    EXPECT_EQ(e[3].kind, EventKind::kAlloc);  // ... its alloc half at ts + duration
    EXPECT_EQ(e[3].time_ns, 1220u);
    EXPECT_EQ(e[3].address, 0x20000u);
    EXPECT_EQ(e[3].size, 128u);
    EXPECT_EQ(e[3].func, AllocFunc::kRealloc);
    EXPECT_EQ(e[4].kind, EventKind::kRssSample);
    EXPECT_EQ(e[4].value, 8192u);
    EXPECT_EQ(e[5].kind, EventKind::kFree);
    EXPECT_EQ(e[5].address, 0x20000u);
    EXPECT_EQ(e[5].time_ns, 1300u);
    EXPECT_EQ(e[6].kind, EventKind::kThreadExit);
    EXPECT_EQ(e[7].kind, EventKind::kProcessExit);
    EXPECT_EQ(e[7].value, 3u);
    EXPECT_EQ(e[7].size, 65536u);
    EXPECT_EQ(reader.stack_frames(2), (std::vector<std::uint64_t>{0x402000, 0x401000}));
    EXPECT_EQ(reader.threads().at(77).name, "worker");
}

TEST(RuntimeTraceRoundTrip, ModuleMapOfThisProcessReadsBack) {
    testing::TempDir dir;
    const std::string path = dir.file("m.mst");
    runtime::TraceOutput out;
    ASSERT_TRUE(testing::start_test_trace(out, path, format::ColumnSettings{}));
    testing::LocalRecordStream stream(0, 1000, 1u << 20);
    static runtime::ModuleMap modules;  // large: keep it off the stack
    modules.reset();
    modules.scan(stream.stream, 1000, true);
    ASSERT_TRUE(stream.write_chunk(out));
    ASSERT_TRUE(out.write_end(1000));
    out.close_file();

    trace::TraceReader reader(path);
    Collect sink;
    reader.read_events(sink);
    char exe[4096] = {};
    ASSERT_GT(readlink("/proc/self/exe", exe, sizeof(exe) - 1), 0);
    bool found_exe = false, found_libc = false;
    for (const auto& m : reader.modules()) {
        if (m.path == exe) {
            found_exe = true;
            EXPECT_EQ(m.build_id.size(), 40u) << "a GNU build-id of 20 bytes, in hex";
            EXPECT_FALSE(m.segments.empty());
            const auto here = reinterpret_cast<std::uint64_t>(&testing::start_test_trace);
            EXPECT_TRUE(m.contains(here));
        }
        if (m.path.find("libc.so") != std::string::npos) found_libc = true;
    }
    EXPECT_TRUE(found_exe);
    EXPECT_TRUE(found_libc);
}

}  // namespace
}  // namespace memscope
