// A recorder-side record stream over a local buffer, written out as chunks of
// a real trace file on demand: tests drive the recorder's encoding and chunk
// writer exactly as the writer thread does, without a recorded process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/event_buffer.h"
#include "runtime/core/record_stream.h"
#include "runtime/core/trace_output.h"

namespace memscope::testing {

class LocalRecordStream {
  public:
    LocalRecordStream(std::uint32_t tid, std::uint64_t ts, std::uint32_t bytes = 1u << 16);
    // Everything committed since the last call becomes one chunk; false if the
    // records do not parse or the chunk could not be written.
    bool write_chunk(runtime::TraceOutput& out);
    std::uint32_t pending_bytes() const;

    runtime::RecordStream stream;

  private:
    std::vector<std::uint8_t> bytes_;
    runtime::EventBuffer buffer_;
};

// Creates path (it must not exist), readies out to write it with the given
// chunk settings and writes a version-2 header for pid 4242, "/bin/app app -v",
// page size 4096, started at monotonic 1000 ns. False on any failure.
bool start_test_trace(runtime::TraceOutput& out, const std::string& path,
                      const format::ColumnSettings& settings, std::uint64_t time_resolution_ns = 1);

}  // namespace memscope::testing
