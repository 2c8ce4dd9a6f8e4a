#include "trace/stream_decoder.h"

#include <zstd.h>

#include <cstring>
#include <new>
#include <utility>

#include "trace/chunk_cursor.h"
#include "trace/chunk_index.h"
#include "trace/header_decoder.h"
#include "trace/trace_tables.h"

namespace memscope::trace {

namespace {

ZSTD_DCtx* as_dctx(void* p) {
    return static_cast<ZSTD_DCtx*>(p);
}

}  // namespace

StreamDecoder::StreamDecoder(std::string name) : name_(std::move(name)), dctx_(ZSTD_createDCtx()) {
    if (dctx_ == nullptr) throw std::bad_alloc();
}

StreamDecoder::~StreamDecoder() {
    ZSTD_freeDCtx(as_dctx(dctx_));
}

void StreamDecoder::feed(const std::uint8_t* data, std::size_t size) {
    // Decoded bytes are dropped once they are the larger part, so the buffer
    // holds about one chunk however long the stream runs.
    if (consumed_ > 0 && consumed_ >= buffer_.size() / 2) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
        consumed_ = 0;
    }
    buffer_.insert(buffer_.end(), data, data + size);
}

std::string StreamDecoder::chunk_label() const {
    return name_ + ": chunk " + std::to_string(chunk_count_) + " at offset " +
           std::to_string(stream_offset_);
}

StreamDecoder::Step StreamDecoder::next() {
    const std::uint8_t* at = buffer_.data() + consumed_;
    const std::size_t available = buffer_.size() - consumed_;
    if (!have_header_) {
        format::FileHeaderFixed fixed{};
        if (available < sizeof fixed) return Step::kNeedMore;
        std::memcpy(&fixed, at, sizeof fixed);
        const std::uint32_t size = check_header_fixed_part(fixed, name_);
        if (available < size) return Step::kNeedMore;
        const std::vector<char> bytes(at, at + size);
        header_ = decode_header_bytes(bytes, name_).header;
        have_header_ = true;
        consumed_ += size;
        stream_offset_ += size;
        return Step::kHeader;
    }
    if (available < format::kChunkHeaderSize) return Step::kNeedMore;
    std::memcpy(&chunk_, at, sizeof chunk_);
    if (!format::chunk_header_valid(chunk_) || !chunk_sizes_in_bounds(chunk_))
        throw TraceError(chunk_label() + " has a corrupt header");
    const std::size_t whole = format::kChunkHeaderSize + chunk_.compressed_size;
    if (available < whole) return Step::kNeedMore;
    if (chunk_.flags & format::kChunkEnd) {
        consumed_ += whole;
        stream_offset_ += whole;
        return Step::kEnd;
    }
    decode_chunk(at + format::kChunkHeaderSize);
    consumed_ += whole;
    stream_offset_ += whole;
    ++chunk_count_;
    return Step::kChunk;
}

void StreamDecoder::decode_chunk(const std::uint8_t* payload) {
    events_.clear();
    std::string error;
    const bool loaded =
        (chunk_.flags & format::kChunkColumns)
            ? columns_.decode(payload, chunk_.compressed_size, chunk_, dctx_, rows_, error)
            : decompress_rows(payload, error);
    if (!loaded) throw TraceError(chunk_label() + " is corrupt: " + error);
    const TraceTables tables{stacks_, modules_, threads_};
    ChunkCursor cursor(rows_.begin(), rows_.end(), chunk_, tables);
    for (;;) {
        const ChunkCursor::Status s = cursor.advance();
        if (s == ChunkCursor::Status::kEnd) return;
        if (s == ChunkCursor::Status::kCorrupt)
            throw TraceError(chunk_label() + " is corrupt: " + cursor.error());
        events_.push_back(cursor.event());
    }
}

bool StreamDecoder::decompress_rows(const std::uint8_t* payload, std::string& error) {
    const std::size_t size = chunk_.compressed_size;
    if (ZSTD_findFrameCompressedSize(payload, size) != size) {
        error = "its payload is not one zstd frame";
        return false;
    }
    if (rows_.storage.size() < chunk_.raw_size) rows_.storage.resize(chunk_.raw_size);
    const std::size_t n =
        ZSTD_decompressDCtx(as_dctx(dctx_), rows_.storage.data(), chunk_.raw_size, payload, size);
    if (ZSTD_isError(n) || n != chunk_.raw_size) {
        error = "its payload does not decompress to the header's size";
        return false;
    }
    rows_.size = n;
    return true;
}

}  // namespace memscope::trace
