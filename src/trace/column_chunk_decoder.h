// Decodes a column-coded chunk (format/column_layout.h) back into row records,
// the form ChunkCursor reads. Rows start their delta chains at the chunk
// header's base_ts and base_addr, exactly as a row chunk's do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/address_model.h"
#include "format/address_model_storage.h"
#include "format/column_layout.h"
#include "format/file_layout.h"

namespace memscope::trace {

struct RawChunk;

class ColumnChunkDecoder {
  public:
    // payload: the chunk's bytes after its header; dctx: a ZSTD_DCtx. On failure
    // returns false and sets error to what is wrong (the caller adds which chunk).
    bool decode(const std::uint8_t* payload, std::size_t size, const format::ChunkHeader& header,
                void* dctx, RawChunk& rows, std::string& error);

  private:
    bool unpack_streams(const std::uint8_t* payload, std::size_t size,
                        const format::ChunkHeader& header, void* dctx, std::string& error);
    bool rebuild_rows(const format::ChunkHeader& header, RawChunk& rows, std::string& error);

    std::uint8_t time_shift_ = 0;
    format::ColumnTiming timing_ = format::ColumnTiming::kExact;
    std::vector<std::uint8_t> streams_[format::kColumnStreamCount];
    format::AddressModelStorage model_memory_{false};
};

}  // namespace memscope::trace
