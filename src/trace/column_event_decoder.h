// Decodes a column-coded chunk (format/column_layout.h) straight into events:
// heap events from the columns, everything else (the other-records stream)
// through ChunkCursor, the one parser of row records.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/address_model_storage.h"
#include "format/file_layout.h"
#include "trace/column_streams.h"
#include "trace/decoded_chunk.h"
#include "trace/trace_tables.h"

namespace memscope::trace {

class ColumnEventDecoder {
  public:
    // payload: the chunk's bytes after its header; dctx: a ZSTD_DCtx. Appends
    // to out.events; sets out.load_error when the chunk is unusable (then
    // out.events is empty), or out.record_error when one of its records is
    // corrupt (the events before it stand). The caller adds which chunk.
    // tables.threads must be out.threads.
    void decode(const std::uint8_t* payload, std::size_t size, const format::ChunkHeader& header,
                void* dctx, TraceTables tables, DecodedChunk& out);

  private:
    ColumnStreams streams_;
    format::AddressModelStorage model_memory_{false};
    // Which event of the chunk each of the address model's sequence numbers
    // is: a free the model resolves to a sequence number is paired with that
    // allocation (Event::chunk_paired).
    std::vector<std::uint32_t> event_of_sequence_;
};

}  // namespace memscope::trace
