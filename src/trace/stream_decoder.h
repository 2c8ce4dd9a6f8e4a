// Decodes a trace that arrives as a byte stream (`memscope run --stream`): the
// file header, then chunks exactly as the recorder writes them to the file.
// Bytes are fed as they arrive; next() decodes whatever is complete, one
// chunk at a time, with the reader's own chunk decoding (zstd, the column
// decoder, ChunkCursor). Chunks come in the order the recorder wrote them:
// each one's events are in time order, different threads' chunks interleave.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "format/file_layout.h"
#include "trace/column_chunk_decoder.h"
#include "trace/decoded_chunk.h"
#include "trace/event.h"
#include "trace/trace_reader.h"

namespace memscope::trace {

class StreamDecoder {
  public:
    enum class Step {
        kNeedMore,  // nothing complete yet: feed more bytes
        kHeader,    // header() is now valid
        kChunk,     // events() holds one chunk's events
        kEnd,       // the end-of-trace chunk: the traced process finished
    };

    // name stands for the source in error messages ("unix:/run/x.sock").
    explicit StreamDecoder(std::string name);
    ~StreamDecoder();
    StreamDecoder(const StreamDecoder&) = delete;
    StreamDecoder& operator=(const StreamDecoder&) = delete;

    void feed(const std::uint8_t* data, std::size_t size);
    // Throws TraceError when the stream is not a trace or a chunk is corrupt.
    Step next();

    const TraceHeader& header() const { return header_; }
    // The last chunk's events; their text stays valid until the next call to next().
    const std::vector<Event>& events() const { return events_; }
    std::uint32_t chunk_tid() const { return chunk_.tid; }
    const std::unordered_map<StackId, StackNode>& stacks() const { return stacks_; }
    const std::vector<Module>& modules() const { return modules_; }
    const std::map<std::uint32_t, ThreadInfo>& threads() const { return threads_; }
    // Bytes fed but not yet decoded (a chunk still arriving).
    std::size_t pending_bytes() const { return buffer_.size() - consumed_; }

  private:
    void decode_chunk(const std::uint8_t* payload);
    bool decompress_rows(const std::uint8_t* payload, std::string& error);
    std::string chunk_label() const;

    std::string name_;
    std::vector<std::uint8_t> buffer_;
    std::size_t consumed_ = 0;
    std::uint64_t stream_offset_ = 0;  // of buffer_[consumed_], for messages
    bool have_header_ = false;
    std::size_t chunk_count_ = 0;
    TraceHeader header_;
    format::ChunkHeader chunk_{};
    void* dctx_;  // ZSTD_DCtx, kept opaque so zstd.h stays out of this header
    ColumnChunkDecoder columns_;
    RawChunk rows_;
    std::vector<Event> events_;
    std::unordered_map<StackId, StackNode> stacks_;
    std::vector<Module> modules_;
    std::map<std::uint32_t, ThreadInfo> threads_;
};

}  // namespace memscope::trace
