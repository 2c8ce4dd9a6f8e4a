#include "trace/chunk_decompressor.h"

#include <zstd.h>

#include <new>

#include "format/file_layout.h"

namespace memscope::trace {

namespace {
ZSTD_DCtx* as_dctx(void* p) {
    return static_cast<ZSTD_DCtx*>(p);
}
}  // namespace

ChunkDecompressor::ChunkDecompressor() : dctx_(ZSTD_createDCtx()) {
    if (dctx_ == nullptr) throw std::bad_alloc();
}

ChunkDecompressor::~ChunkDecompressor() {
    ZSTD_freeDCtx(as_dctx(dctx_));
}

bool ChunkDecompressor::load(const TraceFile& file, const ChunkIndexEntry& chunk, RawChunk& out,
                             std::string& error) {
    const format::ChunkHeader& h = chunk.header;
    if (compressed_.size() < h.compressed_size) compressed_.resize(h.compressed_size);
    if (!file.read_at(chunk.file_offset + format::kChunkHeaderSize, compressed_.data(),
                      h.compressed_size)) {
        error = "cannot read its payload";
        return false;
    }
    if (h.flags & format::kChunkColumns)
        return columns_.decode(compressed_.data(), h.compressed_size, h, dctx_, out, error);
    const std::size_t frame_size =
        ZSTD_findFrameCompressedSize(compressed_.data(), h.compressed_size);
    if (ZSTD_isError(frame_size) || frame_size != h.compressed_size) {
        error = "its payload is not one zstd frame";
        return false;
    }
    const unsigned long long content =
        ZSTD_getFrameContentSize(compressed_.data(), h.compressed_size);
    if (content != ZSTD_CONTENTSIZE_UNKNOWN && content != h.raw_size) {
        error = "its frame size disagrees with the chunk header";
        return false;
    }
    if (out.storage.size() < h.raw_size) out.storage.resize(h.raw_size);
    const std::size_t n = ZSTD_decompressDCtx(as_dctx(dctx_), out.storage.data(), h.raw_size,
                                              compressed_.data(), h.compressed_size);
    if (ZSTD_isError(n)) {
        error = std::string("decompression failed (") + ZSTD_getErrorName(n) + ")";
        return false;
    }
    if (n != h.raw_size) {
        error = "it decompressed to " + std::to_string(n) + " bytes, the header says " +
                std::to_string(h.raw_size);
        return false;
    }
    out.size = n;
    return true;
}

}  // namespace memscope::trace
