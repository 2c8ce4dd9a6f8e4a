// Turns a range of row records (record_types.h) into the streams of a
// column-coded chunk (column_layout.h). Used by the recorder's writer thread
// and by tests; works on caller-provided memory, allocates nothing and needs no
// libstdc++, so a fatal-signal handler can run it. Compressing the streams and
// writing the payload is the caller's job.
#pragma once

#include <cstdint>
#include <cstring>

#include "format/address_model.h"
#include "format/column_layout.h"
#include "format/record_types.h"
#include "format/varint.h"

namespace memscope::format {

// A bounded output stream; writing past the end sets overflow (the caller then
// writes the range as rows instead).
struct ByteSink {
    std::uint8_t* data = nullptr;
    std::uint32_t size = 0;
    std::uint32_t capacity = 0;
    bool overflow = false;

    void byte(std::uint8_t b) {
        if (size < capacity) {
            data[size++] = b;
        } else {
            overflow = true;
        }
    }
    void bytes(const std::uint8_t* p, std::uint32_t n) {
        if (capacity - size < n) {
            overflow = true;
            return;
        }
        std::memcpy(data + size, p, n);
        size += n;
    }
    void varint(std::uint64_t v) {
        if (capacity - size < kMaxVarintBytes) {
            overflow = true;
            return;
        }
        size += static_cast<std::uint32_t>(encode_varint(data + size, v));
    }
    void little_endian(std::uint64_t v, unsigned width) {
        for (unsigned i = 0; i < width; ++i) byte(static_cast<std::uint8_t>(v >> (8 * i)));
    }
};

// A varint whose first byte goes to one stream and the rest to another: each
// stream's byte statistics stay uniform, so zstd's entropy stage codes them
// tighter than interleaved.
inline void put_split_varint(ByteSink& lead, ByteSink& tail, std::uint64_t v) {
    if (v < 0x80) {
        lead.byte(static_cast<std::uint8_t>(v));
        return;
    }
    lead.byte(static_cast<std::uint8_t>(v) | 0x80);
    tail.varint(v >> 7);
}

struct ColumnEncoderMemory {
    ByteSink streams[kColumnStreamCount];
    AddressModelMemory model;
    std::uint32_t* histogram = nullptr;  // kDurationHistogramKeys counters, kept zeroed
};

struct ColumnSettings {
    bool column_chunks = true;  // false: every chunk as rows (tests compare the two)
    ColumnTiming timing = ColumnTiming::kCompact;
    std::uint64_t outlier_threshold_ns = kDefaultOutlierThresholdNs;
};

struct ColumnChunkFacts {
    std::uint8_t time_shift = 0;
    std::uint64_t base_ts = 0;  // the header's base_ts: ts units start here
    std::uint64_t t_begin = 0;  // decoded time of the first and last event
    std::uint64_t t_end = 0;
};

class ColumnEncoder {
  public:
    void set_memory(ColumnEncoderMemory* memory) { mem_ = memory; }
    ColumnEncoderMemory* memory() const { return mem_; }

    // Encodes the rows [begin, end), whose delta chains start at chain_ts and
    // chain_address; allocations = alloc + realloc records in the range, frees
    // = free records. False when the rows do not parse or a stream overflowed.
    bool encode(const std::uint8_t* begin, const std::uint8_t* end, std::uint64_t chain_ts,
                std::uint64_t chain_address, std::uint32_t allocations, std::uint32_t frees,
                const ColumnSettings& settings, ColumnChunkFacts& facts) {
        for (ByteSink& s : mem_->streams) {
            s.size = 0;
            s.overflow = false;
        }
        settings_ = settings;
        shift_ = settings.timing == ColumnTiming::kCompact ? kCompactTimeShift : 0;
        std::uint32_t free_slots = AddressModel::slots_for(allocations + frees);
        if (free_slots > mem_->model.free_capacity) free_slots = mem_->model.free_capacity;
        model_.reset(mem_->model, AddressModel::slots_for(allocations), free_slots);
        facts.time_shift = shift_;
        prev_units_ = chain_ts >> shift_;
        facts.base_ts = prev_units_ << shift_;
        event_index_ = 0;
        last_outlier_ = 0;
        touched_keys_ = 0;
        AddressDelta rows_address;
        rows_address.previous = chain_address;
        std::uint64_t ts = chain_ts;
        bool first = true;
        bool ok = true;
        ByteCursor in(begin, end);
        while (ok && !in.at_end()) {
            const std::uint8_t type = in.byte();
            const std::uint64_t len = in.varint();
            if (in.failed() || len > in.remaining()) return finish(false);
            const std::uint8_t* payload = in.bytes(static_cast<std::size_t>(len));
            ByteCursor rec(payload, payload + len);
            ts += rec.varint();
            if (rec.failed()) return finish(false);
            std::uint64_t units = 0;
            switch (static_cast<RecordType>(type)) {
                case RecordType::kAlloc: {
                    const std::uint64_t func = rec.varint();
                    const std::uint64_t address = rows_address.decode(rec.svarint());
                    const std::uint64_t size = rec.varint();
                    const std::uint64_t stack = rec.varint();
                    const std::uint64_t duration = rec.varint();
                    if (rec.failed() || func > kKindFuncMask) return finish(false);
                    units = put_time(ts);
                    ok = put_alloc(static_cast<std::uint8_t>(func), address, size, stack, duration);
                    break;
                }
                case RecordType::kFree: {
                    const std::uint64_t address = rows_address.decode(rec.svarint());
                    const std::uint64_t duration = rec.varint();
                    if (rec.failed()) return finish(false);
                    units = put_time(ts);
                    ok = put_free(address, duration);
                    break;
                }
                case RecordType::kRealloc: {
                    const std::uint64_t func = rec.varint();
                    const std::uint64_t old_address = rows_address.decode(rec.svarint());
                    const std::uint64_t new_address = rows_address.decode(rec.svarint());
                    const std::uint64_t size = rec.varint();
                    const std::uint64_t stack = rec.varint();
                    const std::uint64_t duration = rec.varint();
                    if (rec.failed() || func > kKindFuncMask) return finish(false);
                    units = put_time(ts);
                    ok = put_realloc(static_cast<std::uint8_t>(func), old_address, new_address,
                                     size, stack, duration);
                    // Compact timing: the new block's own time, once the call returned.
                    if (shift_ != 0) units = put_time(ts + duration);
                    break;
                }
                default: {
                    units = put_time(ts);
                    stream(kStreamKinds).byte(pack_kind(ColumnKind::kOther, 0, false, false));
                    ByteSink& other = stream(kStreamOtherRecords);
                    other.byte(type);
                    other.varint(rec.remaining());
                    other.bytes(rec.position(), static_cast<std::uint32_t>(rec.remaining()));
                    break;
                }
            }
            const std::uint64_t t = units << shift_;
            if (first) facts.t_begin = t;
            facts.t_end = t;
            first = false;
            ++event_index_;
        }
        if (first) facts.t_begin = facts.t_end = facts.base_ts;
        if (ok) put_histogram();
        return finish(ok);
    }

  private:
    ByteSink& stream(ColumnStream s) { return mem_->streams[s]; }

    bool finish(bool ok) {
        clear_histogram();
        for (const ByteSink& s : mem_->streams) ok = ok && !s.overflow;
        return ok;
    }

    std::uint64_t put_time(std::uint64_t ts) {
        std::uint64_t units = ts >> shift_;
        if (units < prev_units_) units = prev_units_;  // stays monotonic within the thread
        put_split_varint(stream(kStreamTsLead), stream(kStreamTsTail), units - prev_units_);
        prev_units_ = units;
        return units;
    }

    // live, seq: what the model's find_live said of the address.
    void put_address_of_free(std::uint64_t address, bool live, std::uint32_t seq) {
        if (live) {
            put_split_varint(stream(kStreamRefLead), stream(kStreamRefTail), model_.rank_of(seq));
            model_.note_free(address, seq);
        } else {
            stream(kStreamAddress).little_endian(address, kColumnAddressWidth);
            model_.note_free(address);
        }
    }

    void put_address_of_alloc(std::uint64_t address, std::uint64_t size, bool& predicted) {
        std::uint64_t reference = 0;
        predicted = address != 0 && model_.recent_free_reference(address, size, reference);
        if (predicted) {
            put_split_varint(stream(kStreamRefLead), stream(kStreamRefTail), reference);
            std::uint64_t same = 0;
            model_.take_recent_free(reference, size, same);
        } else {
            stream(kStreamAddress).little_endian(address, kColumnAddressWidth);
        }
        model_.note_alloc(address, size);
    }

    bool fits_address(std::uint64_t address) const {
        return (address >> (8 * kColumnAddressWidth)) == 0;
    }

    bool put_alloc(std::uint8_t func, std::uint64_t address, std::uint64_t size,
                   std::uint64_t stack, std::uint64_t duration) {
        if (!fits_address(address)) return false;
        std::uint8_t& kind = reserve_kind();
        bool predicted = false;
        put_address_of_alloc(address, size, predicted);
        kind = pack_kind(ColumnKind::kAlloc, func, predicted, false);
        put_split_varint(stream(kStreamSizeLead), stream(kStreamSizeTail), size);
        put_split_varint(stream(kStreamStackLead), stream(kStreamStackTail), stack);
        put_duration(func, duration_size_class(size), duration);
        return true;
    }

    bool put_free(std::uint64_t address, std::uint64_t duration) {
        if (!fits_address(address)) return false;
        std::uint32_t seq = 0;
        const bool live = model_.find_live(address, seq);
        const DurationSizeClass cls =
            live ? duration_size_class(model_.size_of(seq)) : DurationSizeClass::kUnknown;
        std::uint8_t& kind = reserve_kind();
        put_address_of_free(address, live, seq);
        kind = pack_kind(ColumnKind::kFree, 0, live, false);
        put_duration(kDurationOpFree, cls, duration);
        return true;
    }

    bool put_realloc(std::uint8_t func, std::uint64_t old_address, std::uint64_t new_address,
                     std::uint64_t size, std::uint64_t stack, std::uint64_t duration) {
        if (!fits_address(old_address) || !fits_address(new_address)) return false;
        std::uint8_t& kind = reserve_kind();
        std::uint32_t seq = 0;
        const bool old_live = model_.find_live(old_address, seq);
        bool new_predicted = false;
        put_address_of_free(old_address, old_live, seq);
        put_address_of_alloc(new_address, size, new_predicted);
        kind = pack_kind(ColumnKind::kRealloc, func, old_live, new_predicted);
        put_split_varint(stream(kStreamSizeLead), stream(kStreamSizeTail), size);
        put_split_varint(stream(kStreamStackLead), stream(kStreamStackTail), stack);
        put_duration(func, duration_size_class(size), duration);
        return true;
    }

    // The kind byte is written before the fields it describes are known.
    std::uint8_t& reserve_kind() {
        ByteSink& kinds = stream(kStreamKinds);
        kinds.byte(0);
        return kinds.overflow ? spill_ : kinds.data[kinds.size - 1];
    }

    void put_duration(std::uint8_t op, DurationSizeClass cls, std::uint64_t duration) {
        if (settings_.timing == ColumnTiming::kExact) {
            put_split_varint(stream(kStreamDurations), stream(kStreamDurationTail), duration);
            return;
        }
        const std::uint32_t key = duration_key(op, cls, duration_bucket(duration));
        if (mem_->histogram[key]++ == 0) ++touched_keys_;
        if (duration >= settings_.outlier_threshold_ns) {
            ByteSink& out = stream(kStreamDurations);
            out.varint(event_index_ - last_outlier_);
            out.varint(duration);
            last_outlier_ = event_index_;
        }
    }

    // Keys in increasing order; counters are zeroed as they are written.
    void put_histogram() {
        if (touched_keys_ == 0) return;
        ByteSink& out = stream(kStreamDurationHistogram);
        std::uint32_t previous = 0;
        for (std::uint32_t key = 0; key < kDurationHistogramKeys && touched_keys_ > 0; ++key) {
            const std::uint32_t count = mem_->histogram[key];
            if (count == 0) continue;
            out.varint(key - previous);
            out.varint(count);
            previous = key;
            mem_->histogram[key] = 0;
            --touched_keys_;
        }
    }

    void clear_histogram() {
        if (touched_keys_ == 0) return;
        std::memset(mem_->histogram, 0, sizeof(std::uint32_t) * kDurationHistogramKeys);
        touched_keys_ = 0;
    }

    ColumnEncoderMemory* mem_ = nullptr;
    ColumnSettings settings_{};
    AddressModel model_{};
    std::uint8_t shift_ = 0;
    std::uint64_t prev_units_ = 0;
    std::uint64_t event_index_ = 0;
    std::uint64_t last_outlier_ = 0;
    std::uint32_t touched_keys_ = 0;
    std::uint8_t spill_ = 0;  // the kind byte's stand-in once the stream overflowed
};

}  // namespace memscope::format
