#include "trace/chunk_decoder.h"

#include <zstd.h>

#include <new>

#include "format/file_layout.h"
#include "trace/chunk_cursor.h"

namespace memscope::trace {

namespace {
ZSTD_DCtx* as_dctx(void* p) {
    return static_cast<ZSTD_DCtx*>(p);
}
}  // namespace

ChunkDecoder::ChunkDecoder() : dctx_(ZSTD_createDCtx()) {
    if (dctx_ == nullptr) throw std::bad_alloc();
}

ChunkDecoder::~ChunkDecoder() {
    ZSTD_freeDCtx(as_dctx(dctx_));
}

void ChunkDecoder::decode(const TraceFile& file, const ChunkIndexEntry& chunk, DecodedChunk& out) {
    out.clear();
    const TraceTables tables{out.stacks, out.modules, out.threads, &out.unresolved_unloads};
    out.tid = chunk.header.tid;
    const format::ChunkHeader& h = chunk.header;
    if (compressed_.size() < h.compressed_size) compressed_.resize(h.compressed_size);
    if (!file.read_at(chunk.file_offset + format::kChunkHeaderSize, compressed_.data(),
                      h.compressed_size)) {
        out.load_error = "cannot read its payload";
        return;
    }
    if (h.flags & format::kChunkColumns) {
        columns_.decode(compressed_.data(), h.compressed_size, h, dctx_, tables, out);
        return;
    }
    decode_rows(chunk, tables, out);
}

void ChunkDecoder::decode_rows(const ChunkIndexEntry& chunk, TraceTables tables,
                               DecodedChunk& out) {
    const format::ChunkHeader& h = chunk.header;
    const std::size_t frame_size =
        ZSTD_findFrameCompressedSize(compressed_.data(), h.compressed_size);
    if (ZSTD_isError(frame_size) || frame_size != h.compressed_size) {
        out.load_error = "its payload is not one zstd frame";
        return;
    }
    const unsigned long long content =
        ZSTD_getFrameContentSize(compressed_.data(), h.compressed_size);
    if (content != ZSTD_CONTENTSIZE_UNKNOWN && content != h.raw_size) {
        out.load_error = "its frame size disagrees with the chunk header";
        return;
    }
    RawChunk& rows = out.rows;
    if (rows.storage.size() < h.raw_size) rows.storage.resize(h.raw_size);
    const std::size_t n = ZSTD_decompressDCtx(as_dctx(dctx_), rows.storage.data(), h.raw_size,
                                              compressed_.data(), h.compressed_size);
    if (ZSTD_isError(n)) {
        out.load_error = std::string("decompression failed (") + ZSTD_getErrorName(n) + ")";
        return;
    }
    if (n != h.raw_size) {
        out.load_error = "it decompressed to " + std::to_string(n) + " bytes, the header says " +
                         std::to_string(h.raw_size);
        return;
    }
    rows.size = n;
    ChunkCursor cursor(rows.begin(), rows.end(), h, tables);
    for (;;) {
        const ChunkCursor::Status s = cursor.advance();
        if (s == ChunkCursor::Status::kEnd) return;
        if (s == ChunkCursor::Status::kCorrupt) {
            out.record_error = cursor.error();
            return;
        }
        out.add(cursor.event());
    }
}

}  // namespace memscope::trace
