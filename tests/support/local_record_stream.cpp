#include "support/local_record_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include "runtime/core/file_header.h"
#include "runtime/core/record_range_summary.h"

namespace memscope::testing {

LocalRecordStream::LocalRecordStream(std::uint32_t tid, std::uint64_t ts, std::uint32_t bytes)
    : bytes_(bytes) {
    buffer_.data = bytes_.data();
    buffer_.capacity = static_cast<std::uint32_t>(bytes_.size());
    buffer_.start(tid, 0, 0, ts, 0);
    stream.buffer = &buffer_;
    stream.last_ts = ts;
}

std::uint32_t LocalRecordStream::pending_bytes() const {
    return buffer_.committed.load() - buffer_.written;
}

bool LocalRecordStream::write_chunk(runtime::TraceOutput& out) {
    const std::uint32_t end = buffer_.committed.load();
    const runtime::DeltaChains start{buffer_.chain_ts, buffer_.chain_address};
    const auto summary =
        runtime::summarize_records(bytes_.data() + buffer_.written, bytes_.data() + end, start);
    if (!summary.valid) return false;
    if (!out.write_events(buffer_.tid, bytes_.data() + buffer_.written, end - buffer_.written,
                          summary, start))
        return false;
    buffer_.written = end;
    buffer_.chain_ts = summary.end.ts;
    buffer_.chain_address = summary.end.address;
    return true;
}

bool start_test_trace(runtime::TraceOutput& out, const std::string& path,
                      const format::ColumnSettings& settings, std::uint64_t time_resolution_ns) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return false;
    if (!out.init(settings)) {
        close(fd);
        return false;
    }
    out.attach(fd, 0, path.c_str());
    runtime::HeaderFields f;
    f.pid = 4242;
    f.ppid = 1;
    f.page_size = 4096;
    f.start_monotonic_ns = 1000;
    f.start_realtime_ns = 5000;
    f.time_resolution_ns = time_resolution_ns;
    f.hostname = "host";
    f.hostname_length = 4;
    f.executable = "/bin/app";
    f.executable_length = 8;
    const char args[] = "app\0-v";
    f.command_line = args;
    f.command_line_length = sizeof(args) - 1;
    std::uint8_t header[512];
    const std::uint32_t size = runtime::build_file_header(f, header, sizeof(header));
    return size != 0 && out.write_bytes(header, size);
}

}  // namespace memscope::testing
