#include "trace/chunk_index.h"

#include "format/file_layout.h"

namespace memscope::trace {

namespace {

std::string chunk_label(std::size_t index, std::uint64_t offset) {
    return "chunk " + std::to_string(index) + " at offset " + std::to_string(offset);
}

}  // namespace

bool chunk_sizes_in_bounds(const format::ChunkHeader& h) {
    if (h.compressed_size > format::kMaxChunkCompressedSize) return false;
    if (h.raw_size > format::kMaxChunkRawSize) return false;
    // A payload-less events chunk is only meaningful when it holds no records.
    return h.compressed_size > 0 || h.raw_size == 0;
}

ChunkIndex scan_chunk_index(const TraceFile& file, std::uint64_t first_chunk_offset) {
    ChunkIndex index;
    std::uint64_t offset = first_chunk_offset;
    for (std::size_t n = 0;; ++n) {
        const std::uint64_t left = file.size() - offset;
        if (left == 0) {
            index.truncation_reason =
                "the trace ends without its end marker (the recorder did not finish)";
            return index;
        }
        format::ChunkHeader h{};
        if (left < format::kChunkHeaderSize || !file.read_at(offset, &h, sizeof h)) {
            index.truncation_reason = chunk_label(n, offset) + " is incomplete";
            return index;
        }
        if (!format::chunk_header_valid(h) || !chunk_sizes_in_bounds(h)) {
            index.truncation_reason = chunk_label(n, offset) + " has a corrupt header";
            return index;
        }
        if (h.compressed_size > left - format::kChunkHeaderSize) {
            index.truncation_reason =
                chunk_label(n, offset) + " is incomplete (its payload extends past the end)";
            return index;
        }
        if (h.flags & format::kChunkEnd) {
            index.ended_cleanly = true;
            return index;
        }
        index.chunks.push_back(ChunkIndexEntry{offset, h});
        offset += format::kChunkHeaderSize + h.compressed_size;
    }
}

}  // namespace memscope::trace
