// An independent, strict decoder of trace files written straight from
// src/format, so the stress test checks the recorder against the format spec
// rather than against the reader. Every chunk header field is verified
// against the records it carries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/file_layout.h"

namespace memscope::stress {

struct DecodedRecord {
    std::uint8_t type = 0;
    std::uint64_t ts = 0;
    std::vector<std::uint64_t> fields;  // heap addresses already undeltaed
    std::string text;                   // the last string field, if any
};

struct DecodedChunk {
    format::ChunkHeader header{};
    std::vector<DecodedRecord> records;
};

struct DecodedTrace {
    format::FileHeaderFixed fixed{};
    std::string hostname;
    std::string executable;
    std::string command_line;
    std::vector<DecodedChunk> chunks;
    bool ended = false;  // the end chunk is present and last
};

// Decodes the whole file; on any deviation from the format, returns false with
// a description in `error`.
bool decode_trace_file(const std::string& path, DecodedTrace& out, std::string& error);

}  // namespace memscope::stress
