// Reads one events chunk and decodes it into events: zstd, then either the
// column decoder or, for a chunk of row records, ChunkCursor. Owns the zstd
// context and the buffers so they are reused from chunk to chunk.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "trace/column_event_decoder.h"
#include "trace/decoded_chunk.h"
#include "trace/trace_file.h"
#include "trace/trace_reader.h"
#include "trace/trace_tables.h"

namespace memscope::trace {

class ChunkDecoder {
  public:
    ChunkDecoder();
    ~ChunkDecoder();
    ChunkDecoder(const ChunkDecoder&) = delete;
    ChunkDecoder& operator=(const ChunkDecoder&) = delete;

    // Fills out (cleared first) with the chunk's events and the tables its
    // records fill (stack nodes, modules, thread facts); out.load_error or
    // out.record_error say what went wrong, without which chunk.
    void decode(const TraceFile& file, const ChunkIndexEntry& chunk, DecodedChunk& out);

  private:
    void decode_rows(const ChunkIndexEntry& chunk, TraceTables tables, DecodedChunk& out);

    void* dctx_;  // ZSTD_DCtx, kept opaque so zstd.h stays out of this header
    std::vector<std::uint8_t> compressed_;
    ColumnEventDecoder columns_;
};

}  // namespace memscope::trace
