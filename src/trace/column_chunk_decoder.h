// Decodes a column-coded chunk (format/column_layout.h) back into row records,
// the recorder's own form: the recorder's stress test checks those record by
// record. (The reader decodes columns straight into events instead:
// column_event_decoder.h.) Rows start their delta chains at the chunk header's
// base_ts and base_addr, exactly as a row chunk's do.
#pragma once

#include <cstdint>
#include <string>

#include "format/address_model_storage.h"
#include "format/file_layout.h"
#include "trace/column_streams.h"
#include "trace/decoded_chunk.h"

namespace memscope::trace {

class ColumnChunkDecoder {
  public:
    // payload: the chunk's bytes after its header; dctx: a ZSTD_DCtx. On failure
    // returns false and sets error to what is wrong (the caller adds which chunk).
    bool decode(const std::uint8_t* payload, std::size_t size, const format::ChunkHeader& header,
                void* dctx, RawChunk& rows, std::string& error);

  private:
    ColumnStreams streams_;
    format::AddressModelStorage model_memory_{false};
};

}  // namespace memscope::trace
