#include "trace/column_chunk_decoder.h"

#include <algorithm>
#include <cstring>

#include "format/record_types.h"
#include "format/varint.h"
#include "trace/column_walk.h"

namespace memscope::trace {

namespace {

using format::RecordType;

// Row records appended to a RawChunk, which only grows.
class RowWriter {
  public:
    RowWriter(RawChunk& out, const format::ChunkHeader& header) : out_(out), ts_(header.base_ts) {
        out_.size = 0;
        address_.previous = header.base_addr;
    }

    void alloc(std::uint64_t, std::uint64_t t, std::uint8_t func, std::uint64_t address,
               std::uint64_t size, std::uint64_t stack, std::uint64_t duration, std::uint32_t) {
        begin(RecordType::kAlloc, t);
        varint(func);
        varint(format::zigzag_encode(address_.encode(address)));
        varint(size);
        varint(stack);
        varint(duration);
        end();
    }
    void free(std::uint64_t, std::uint64_t t, std::uint64_t address, std::uint64_t duration,
              std::uint32_t) {
        begin(RecordType::kFree, t);
        varint(format::zigzag_encode(address_.encode(address)));
        varint(duration);
        end();
    }
    void realloc(std::uint64_t, std::uint64_t t, std::uint8_t func, std::uint64_t old_address,
                 std::uint64_t new_address, std::uint64_t size, std::uint64_t stack,
                 std::uint64_t duration, std::uint64_t delay, std::uint32_t, std::uint32_t) {
        begin(RecordType::kRealloc, t);
        varint(func);
        varint(format::zigzag_encode(address_.encode(old_address)));
        varint(format::zigzag_encode(address_.encode(new_address)));
        varint(size);
        varint(stack);
        varint(duration);
        if (delay != duration) varint(delay);
        end();
    }
    void other(std::uint64_t, std::uint64_t t, std::uint8_t type, const std::uint8_t* body,
               std::size_t length) {
        std::uint8_t ts[format::kMaxVarintBytes];
        const std::size_t ts_len = format::encode_varint(ts, t - ts_);
        ts_ = t;
        room(1 + 2 * format::kMaxVarintBytes + length);
        out_.storage[out_.size++] = type;
        varint(ts_len + length);
        std::memcpy(out_.storage.data() + out_.size, ts, ts_len);
        out_.size += ts_len;
        if (length != 0) std::memcpy(out_.storage.data() + out_.size, body, length);
        out_.size += length;
    }
    void durations(std::uint64_t t, std::uint32_t key, std::uint64_t count) {
        using namespace format;
        begin(RecordType::kCallDurations, t);
        varint(key / (kDurationSizeClassCount * kDurationBucketCount));
        varint((key / kDurationBucketCount) % kDurationSizeClassCount);
        varint(key % kDurationBucketCount);
        varint(count);
        end();
    }

  private:
    // Starts a record; fields follow; end() writes the length.
    void begin(RecordType type, std::uint64_t t) {
        room(2 + 8 * format::kMaxVarintBytes);
        start_ = out_.size;
        out_.storage[out_.size++] = static_cast<std::uint8_t>(type);
        out_.size += 1;  // length byte: fields of these records stay below 128 bytes
        varint(t - ts_);
        ts_ = t;
    }
    void varint(std::uint64_t v) {
        out_.size += format::encode_varint(out_.storage.data() + out_.size, v);
    }
    void end() { out_.storage[start_ + 1] = static_cast<std::uint8_t>(out_.size - start_ - 2); }
    void room(std::size_t n) {
        if (out_.storage.size() - out_.size >= n) return;
        out_.storage.resize(std::max(out_.storage.size() * 2, out_.size + n + 4096));
    }

    RawChunk& out_;
    std::uint64_t ts_;
    format::AddressDelta address_;
    std::size_t start_ = 0;
};

}  // namespace

bool ColumnChunkDecoder::decode(const std::uint8_t* payload, std::size_t size,
                                const format::ChunkHeader& header, void* dctx, RawChunk& rows,
                                std::string& error) {
    if (!streams_.unpack(payload, size, header, dctx, error)) return false;
    RowWriter writer(rows, header);
    return walk_columns(streams_, header, model_memory_, writer, error);
}

}  // namespace memscope::trace
