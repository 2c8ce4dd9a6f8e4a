// Sequential scan of the chunk headers that follow the file header. Reads only
// the 72-byte headers and skips payloads, so indexing costs one pread per chunk.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace_file.h"
#include "trace/trace_reader.h"

namespace memscope::trace {

struct ChunkIndex {
    std::vector<ChunkIndexEntry> chunks;  // events chunks, in file order
    bool ended_cleanly = false;           // the end-of-trace chunk was found
    std::string truncation_reason;        // why the scan stopped early, when it did
};

// A chunk header's sizes are within the format's limits (its CRC is checked
// apart, by format::chunk_header_valid).
bool chunk_sizes_in_bounds(const format::ChunkHeader& header);

ChunkIndex scan_chunk_index(const TraceFile& file, std::uint64_t first_chunk_offset);

}  // namespace memscope::trace
