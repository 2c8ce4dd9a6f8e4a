#include "trace/column_chunk_decoder.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>

#include "format/record_types.h"
#include "format/varint.h"
#include "trace/chunk_decompressor.h"

namespace memscope::trace {

namespace {

using format::ByteCursor;
using format::ColumnKind;
using format::RecordType;

// Row records appended to a RawChunk, which only grows.
class RowWriter {
  public:
    explicit RowWriter(RawChunk& out) : out_(out) { out_.size = 0; }

    // Starts a record; fields follow; end() writes the length.
    void begin(RecordType type, std::uint64_t ts_delta) {
        room(2 + 8 * format::kMaxVarintBytes);
        start_ = out_.size;
        out_.storage[out_.size++] = static_cast<std::uint8_t>(type);
        out_.size += 1;  // length byte: fields of these records stay below 128 bytes
        varint(ts_delta);
    }
    void varint(std::uint64_t v) {
        out_.size += format::encode_varint(out_.storage.data() + out_.size, v);
    }
    void end() { out_.storage[start_ + 1] = static_cast<std::uint8_t>(out_.size - start_ - 2); }

    // A record with an arbitrary payload (the other-records stream).
    void whole(std::uint8_t type, std::uint64_t ts_delta, const std::uint8_t* body,
               std::size_t length) {
        std::uint8_t ts[format::kMaxVarintBytes];
        const std::size_t ts_len = format::encode_varint(ts, ts_delta);
        room(1 + 2 * format::kMaxVarintBytes + length);
        out_.storage[out_.size++] = type;
        varint(ts_len + length);
        std::memcpy(out_.storage.data() + out_.size, ts, ts_len);
        out_.size += ts_len;
        if (length != 0) std::memcpy(out_.storage.data() + out_.size, body, length);
        out_.size += length;
    }

  private:
    void room(std::size_t n) {
        if (out_.storage.size() - out_.size >= n) return;
        out_.storage.resize(std::max(out_.storage.size() * 2, out_.size + n + 4096));
    }

    RawChunk& out_;
    std::size_t start_ = 0;
};

std::uint64_t split_varint(ByteCursor& lead, ByteCursor& tail) {
    std::uint8_t b = lead.byte();
    std::uint64_t v = b & 0x7f;
    for (unsigned shift = 7; b & 0x80; shift += 7) {
        if (shift >= 64) {
            tail.bytes(tail.remaining() + 1);  // marks the cursor failed
            return 0;
        }
        b = tail.byte();
        v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    }
    return v;
}

std::uint64_t little_endian(ByteCursor& in, unsigned width) {
    const std::uint8_t* p = in.bytes(width);
    if (p == nullptr) return 0;
    std::uint64_t v = 0;
    for (unsigned i = 0; i < width; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    return v;
}

ByteCursor cursor_of(const std::vector<std::uint8_t>& v) {
    return ByteCursor(v.data(), v.data() + v.size());
}

}  // namespace

bool ColumnChunkDecoder::decode(const std::uint8_t* payload, std::size_t size,
                                const format::ChunkHeader& header, void* dctx, RawChunk& rows,
                                std::string& error) {
    return unpack_streams(payload, size, header, dctx, error) && rebuild_rows(header, rows, error);
}

bool ColumnChunkDecoder::unpack_streams(const std::uint8_t* payload, std::size_t size,
                                        const format::ChunkHeader& header, void* dctx,
                                        std::string& error) {
    ByteCursor in(payload, payload + size);
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

bool ColumnChunkDecoder::rebuild_rows(const format::ChunkHeader& header, RawChunk& rows,
                                      std::string& error) {
    using namespace format;
    ByteCursor kinds = cursor_of(streams_[kStreamKinds]);
    ByteCursor ts_lead = cursor_of(streams_[kStreamTsLead]);
    ByteCursor ts_tail = cursor_of(streams_[kStreamTsTail]);
    ByteCursor ref_lead = cursor_of(streams_[kStreamRefLead]);
    ByteCursor ref_tail = cursor_of(streams_[kStreamRefTail]);
    ByteCursor addresses = cursor_of(streams_[kStreamAddress]);
    ByteCursor size_lead = cursor_of(streams_[kStreamSizeLead]);
    ByteCursor size_tail = cursor_of(streams_[kStreamSizeTail]);
    ByteCursor stack_lead = cursor_of(streams_[kStreamStackLead]);
    ByteCursor stack_tail = cursor_of(streams_[kStreamStackTail]);
    ByteCursor durations = cursor_of(streams_[kStreamDurations]);
    ByteCursor duration_tail = cursor_of(streams_[kStreamDurationTail]);
    ByteCursor histogram = cursor_of(streams_[kStreamDurationHistogram]);
    ByteCursor other = cursor_of(streams_[kStreamOtherRecords]);

    AddressModel model;
    model.reset(model_memory_.memory(AddressModel::slots_for(header.alloc_count)),
                AddressModel::slots_for(header.alloc_count));
    RowWriter out(rows);
    AddressDelta row_address;
    row_address.previous = header.base_addr;
    std::uint64_t units = header.base_ts >> time_shift_;
    std::uint64_t row_ts = header.base_ts;
    const bool exact = timing_ == ColumnTiming::kExact;
    std::uint64_t next_outlier = ~0ull;
    if (!exact && !durations.at_end()) next_outlier = durations.varint();

    auto take_duration = [&](std::uint64_t index) -> std::uint64_t {
        if (exact) return split_varint(durations, duration_tail);
        if (index != next_outlier) return 0;
        const std::uint64_t d = durations.varint();
        next_outlier = durations.at_end() ? ~0ull : index + durations.varint();
        return d;
    };
    auto free_address = [&](bool predicted) -> std::uint64_t {
        std::uint64_t a = 0;
        if (predicted) {
            if (!model.address_of_rank(split_varint(ref_lead, ref_tail), a)) return ~0ull;
        } else {
            a = little_endian(addresses, kColumnAddressWidth);
        }
        model.note_free(a);
        return a;
    };
    auto alloc_address = [&](bool predicted, std::uint64_t size) -> std::uint64_t {
        std::uint64_t a = 0;
        if (predicted) {
            if (!model.take_recent_free(split_varint(ref_lead, ref_tail), size, a)) return ~0ull;
        } else {
            a = little_endian(addresses, kColumnAddressWidth);
        }
        model.note_alloc(a, size);
        return a;
    };

    for (std::uint64_t index = 0; !kinds.at_end(); ++index) {
        const std::uint8_t kind = kinds.byte();
        units += split_varint(ts_lead, ts_tail);
        if (units > (~0ull >> time_shift_)) {
            error = "event " + std::to_string(index) + ": its timestamp overflows";
            return false;
        }
        const std::uint64_t t = units << time_shift_;
        const std::uint64_t ts_delta = t - row_ts;
        row_ts = t;
        const bool first_predicted = (kind & kKindFirstPredicted) != 0;
        const bool second_predicted = (kind & kKindSecondPredicted) != 0;
        std::uint64_t bad_address = 0;
        switch (kind_of(kind)) {
            case ColumnKind::kAlloc: {
                const std::uint64_t size = split_varint(size_lead, size_tail);
                const std::uint64_t address = alloc_address(first_predicted, size);
                const std::uint64_t stack = split_varint(stack_lead, stack_tail);
                const std::uint64_t duration = take_duration(index);
                bad_address = address == ~0ull;
                out.begin(RecordType::kAlloc, ts_delta);
                out.varint(func_of(kind));
                out.varint(zigzag_encode(row_address.encode(address)));
                out.varint(size);
                out.varint(stack);
                out.varint(duration);
                out.end();
                break;
            }
            case ColumnKind::kFree: {
                const std::uint64_t address = free_address(first_predicted);
                const std::uint64_t duration = take_duration(index);
                bad_address = address == ~0ull;
                out.begin(RecordType::kFree, ts_delta);
                out.varint(zigzag_encode(row_address.encode(address)));
                out.varint(duration);
                out.end();
                break;
            }
            case ColumnKind::kRealloc: {
                const std::uint64_t old_address = free_address(first_predicted);
                const std::uint64_t size = split_varint(size_lead, size_tail);
                const std::uint64_t new_address = alloc_address(second_predicted, size);
                const std::uint64_t stack = split_varint(stack_lead, stack_tail);
                const std::uint64_t duration = take_duration(index);
                // Compact timing: the new block's time, as a delay after the start.
                std::uint64_t delay = duration;
                if (!exact) {
                    const std::uint64_t later = split_varint(ts_lead, ts_tail);
                    if (later > (~0ull >> time_shift_) - units) {
                        error = "event " + std::to_string(index) + ": its timestamp overflows";
                        return false;
                    }
                    units += later;
                    delay = (units << time_shift_) - t;
                }
                bad_address = old_address == ~0ull || new_address == ~0ull;
                out.begin(RecordType::kRealloc, ts_delta);
                out.varint(func_of(kind));
                out.varint(zigzag_encode(row_address.encode(old_address)));
                out.varint(zigzag_encode(row_address.encode(new_address)));
                out.varint(size);
                out.varint(stack);
                out.varint(duration);
                if (delay != duration) out.varint(delay);
                out.end();
                break;
            }
            case ColumnKind::kOther: {
                const std::uint8_t type = other.byte();
                const std::uint64_t length = other.varint();
                if (other.failed() || length > other.remaining()) {
                    error = "event " + std::to_string(index) + ": its record is cut short";
                    return false;
                }
                const std::uint8_t* body = other.bytes(static_cast<std::size_t>(length));
                out.whole(type, ts_delta, body, static_cast<std::size_t>(length));
                break;
            }
        }
        if (bad_address) {
            error = "event " + std::to_string(index) + ": an address reference is out of range";
            return false;
        }
        if (ts_lead.failed() || ts_tail.failed() || ref_lead.failed() || ref_tail.failed() ||
            addresses.failed() || size_lead.failed() || size_tail.failed() || stack_lead.failed() ||
            stack_tail.failed() || durations.failed() || duration_tail.failed()) {
            error = "event " + std::to_string(index) + ": a column ends early";
            return false;
        }
    }

    // The chunk's call-duration histogram, as records at its last timestamp.
    std::uint64_t key = 0;
    while (!histogram.at_end()) {
        key += histogram.varint();
        const std::uint64_t count = histogram.varint();
        if (histogram.failed() || key >= kDurationHistogramKeys) {
            error = "its duration histogram is corrupt";
            return false;
        }
        const auto k = static_cast<std::uint32_t>(key);
        out.begin(RecordType::kCallDurations, 0);
        out.varint(k / (kDurationSizeClassCount * kDurationBucketCount));
        out.varint((k / kDurationBucketCount) % kDurationSizeClassCount);
        out.varint(k % kDurationBucketCount);
        out.varint(count);
        out.end();
    }
    return true;
}

}  // namespace memscope::trace
