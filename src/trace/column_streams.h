// The decompressed streams of one column-coded chunk (format/column_layout.h)
// and its preamble. Both column decoders start here (column_walk.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/column_layout.h"
#include "format/file_layout.h"

namespace memscope::trace {

class ColumnStreams {
  public:
    // payload: the chunk's bytes after its header; dctx: a ZSTD_DCtx. On failure
    // returns false and sets error to what is wrong (the caller adds which chunk).
    bool unpack(const std::uint8_t* payload, std::size_t size, const format::ChunkHeader& header,
                void* dctx, std::string& error);

    const std::vector<std::uint8_t>& operator[](format::ColumnStream s) const {
        return streams_[s];
    }
    std::uint8_t time_shift() const { return time_shift_; }
    format::ColumnTiming timing() const { return timing_; }

  private:
    std::uint8_t time_shift_ = 0;
    format::ColumnTiming timing_ = format::ColumnTiming::kExact;
    std::vector<std::uint8_t> streams_[format::kColumnStreamCount];
};

}  // namespace memscope::trace
