// Loads one events chunk's payload and decompresses its zstd frame. Owns the
// zstd context and the compressed-bytes buffer so both are reused across chunks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/column_chunk_decoder.h"
#include "trace/trace_file.h"
#include "trace/trace_reader.h"

namespace memscope::trace {

// A decompressed record stream. The storage only grows, so a buffer recycled
// between chunks stops allocating once it has seen the largest chunk.
struct RawChunk {
    std::vector<std::uint8_t> storage;
    std::size_t size = 0;
    const std::uint8_t* begin() const { return storage.data(); }
    const std::uint8_t* end() const { return storage.data() + size; }
};

class ChunkDecompressor {
  public:
    ChunkDecompressor();
    ~ChunkDecompressor();
    ChunkDecompressor(const ChunkDecompressor&) = delete;
    ChunkDecompressor& operator=(const ChunkDecompressor&) = delete;

    // Fills out with the chunk's row records (column-coded chunks are decoded
    // back into rows). On failure returns false and sets error
    // to what went wrong (the caller adds which chunk).
    bool load(const TraceFile& file, const ChunkIndexEntry& chunk, RawChunk& out,
              std::string& error);

  private:
    void* dctx_;  // ZSTD_DCtx, kept opaque so zstd.h stays out of this header
    std::vector<std::uint8_t> compressed_;
    ColumnChunkDecoder columns_;
};

}  // namespace memscope::trace
