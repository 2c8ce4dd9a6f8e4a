#include "trace/column_streams.h"

#include <zstd.h>

#include "format/varint.h"

namespace memscope::trace {

bool ColumnStreams::unpack(const std::uint8_t* payload, std::size_t size,
                           const format::ChunkHeader& header, void* dctx, std::string& error) {
    format::ByteCursor in(payload, payload + size);
    const std::uint8_t layout = in.byte();
    time_shift_ = in.byte();
    const std::uint8_t timing = in.byte();
    const std::uint8_t address_width = in.byte();
    in.varint();  // outlier threshold: outliers are marked in their own stream
    const std::uint8_t count = in.byte();
    if (in.failed()) {
        error = "its column preamble is cut short";
        return false;
    }
    if (layout != format::kColumnLayoutVersion) {
        error = "its column layout version " + std::to_string(layout) + " is unknown";
        return false;
    }
    if (time_shift_ > 40 || timing > 1 || address_width != format::kColumnAddressWidth) {
        error = "its column preamble is corrupt";
        return false;
    }
    timing_ = static_cast<format::ColumnTiming>(timing);
    std::uint64_t raw_sizes[256];
    std::uint64_t packed_sizes[256];
    std::uint64_t raw_total = 0;
    for (unsigned i = 0; i < count; ++i) {
        raw_sizes[i] = in.varint();
        packed_sizes[i] = in.varint();
        raw_total += raw_sizes[i];
        if (in.failed() || raw_sizes[i] > format::kMaxChunkRawSize ||
            packed_sizes[i] > in.remaining()) {
            error = "its stream table is corrupt";
            return false;
        }
    }
    if (raw_total != header.raw_size) {
        error = "its streams add up to " + std::to_string(raw_total) + " bytes, the header says " +
                std::to_string(header.raw_size);
        return false;
    }
    auto* z = static_cast<ZSTD_DCtx*>(dctx);
    for (unsigned i = 0; i < format::kColumnStreamCount; ++i) streams_[i].clear();
    for (unsigned i = 0; i < count; ++i) {
        const std::uint8_t* packed = in.bytes(static_cast<std::size_t>(packed_sizes[i]));
        if (in.failed()) {
            error = "its streams run past its end";
            return false;
        }
        if (i >= format::kColumnStreamCount || raw_sizes[i] == 0) continue;  // newer streams
        const std::size_t frame = ZSTD_findFrameCompressedSize(packed, packed_sizes[i]);
        if (ZSTD_isError(frame) || frame != packed_sizes[i]) {
            error = "stream " + std::to_string(i) + " is not one zstd frame";
            return false;
        }
        std::vector<std::uint8_t>& out = streams_[i];
        out.resize(raw_sizes[i]);
        const std::size_t n = ZSTD_decompressDCtx(z, out.data(), out.size(), packed, frame);
        if (ZSTD_isError(n) || n != raw_sizes[i]) {
            error = "stream " + std::to_string(i) + " does not decompress";
            return false;
        }
    }
    return true;
}

}  // namespace memscope::trace
