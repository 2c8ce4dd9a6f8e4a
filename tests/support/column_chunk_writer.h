// Column-coded chunks for tests and the fuzzer, built without the recorder:
// rows through format::ColumnEncoder on vector-backed memory, or raw stream
// contents (possibly nonsense) packed into a well-formed payload so that the
// reader's column decoder, not a checksum, meets them.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "format/column_encoder.h"
#include "format/column_layout.h"
#include "format/file_layout.h"

namespace memscope::testing {

using ColumnStreams = std::array<std::vector<std::uint8_t>, format::kColumnStreamCount>;

struct EncodedColumns {
    ColumnStreams streams;
    format::ColumnChunkFacts facts;
};

// Column-codes row records whose delta chains start at chain_ts/chain_address;
// false when the encoder refuses them.
bool encode_rows_as_columns(const std::vector<std::uint8_t>& rows, std::uint64_t chain_ts,
                            std::uint64_t chain_address, std::uint32_t allocations,
                            const format::ColumnSettings& settings, EncodedColumns& out);

// A complete column chunk (header and payload) for the given streams.
std::vector<std::uint8_t> column_chunk(const ColumnStreams& streams, std::uint32_t tid,
                                       format::ColumnTiming timing, std::uint64_t base_ts,
                                       std::uint64_t t_begin, std::uint64_t t_end,
                                       std::uint32_t alloc_count);

}  // namespace memscope::testing
