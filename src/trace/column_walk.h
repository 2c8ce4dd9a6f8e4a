// Walks a column chunk's streams in event order, running the address model,
// and hands each record to a visitor with its absolute time:
//   v.alloc(index, t, func, address, size, stack, duration, seq)
//   v.free(index, t, address, duration, freed_seq)
//   v.realloc(index, t, func, old_address, new_address, size, stack, duration, delay,
//             freed_seq, seq)
//   v.other(index, t, type, body, length)     a record of the other-records stream
//   v.durations(t, key, count)                the call-duration histogram, at the end
// (delay: when the new block appeared, after t; seq: the model's sequence
// number for the new block, freed_seq: the sequence number of the block a
// free released, when that block was allocated earlier in the chunk; both
// format::kAddressModelNoSequence otherwise). One walk serves both the
// event decoder (the reader) and the row decoder (the recorder's stress test).
// Returns false and sets error when a column is corrupt; the visitor has then
// seen part of the chunk and its output must be dropped.
#pragma once

#include <cstdint>
#include <string>

#include "format/address_model.h"
#include "format/address_model_storage.h"
#include "format/column_layout.h"
#include "format/file_layout.h"
#include "format/varint.h"
#include "trace/column_streams.h"

namespace memscope::trace {

namespace column_walk_detail {

inline std::uint64_t split_varint(format::ByteCursor& lead, format::ByteCursor& tail) {
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

inline std::uint64_t little_endian(format::ByteCursor& in, unsigned width) {
    const std::uint8_t* p = in.bytes(width);
    if (p == nullptr) return 0;
    std::uint64_t v = 0;
    for (unsigned i = 0; i < width; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    return v;
}

inline format::ByteCursor cursor_of(const std::vector<std::uint8_t>& v) {
    return format::ByteCursor(v.data(), v.data() + v.size());
}

}  // namespace column_walk_detail

template <typename Visitor>
bool walk_columns(const ColumnStreams& streams, const format::ChunkHeader& header,
                  format::AddressModelStorage& model_memory, Visitor& v, std::string& error) {
    using namespace format;
    using column_walk_detail::cursor_of;
    using column_walk_detail::little_endian;
    using column_walk_detail::split_varint;
    ByteCursor kinds = cursor_of(streams[kStreamKinds]);
    ByteCursor ts_lead = cursor_of(streams[kStreamTsLead]);
    ByteCursor ts_tail = cursor_of(streams[kStreamTsTail]);
    ByteCursor ref_lead = cursor_of(streams[kStreamRefLead]);
    ByteCursor ref_tail = cursor_of(streams[kStreamRefTail]);
    ByteCursor addresses = cursor_of(streams[kStreamAddress]);
    ByteCursor size_lead = cursor_of(streams[kStreamSizeLead]);
    ByteCursor size_tail = cursor_of(streams[kStreamSizeTail]);
    ByteCursor stack_lead = cursor_of(streams[kStreamStackLead]);
    ByteCursor stack_tail = cursor_of(streams[kStreamStackTail]);
    ByteCursor durations = cursor_of(streams[kStreamDurations]);
    ByteCursor duration_tail = cursor_of(streams[kStreamDurationTail]);
    ByteCursor histogram = cursor_of(streams[kStreamDurationHistogram]);
    ByteCursor other = cursor_of(streams[kStreamOtherRecords]);

    const std::uint8_t time_shift = streams.time_shift();
    AddressModel model;
    model.reset(model_memory.memory(AddressModel::slots_for(header.alloc_count)),
                AddressModel::slots_for(header.alloc_count));
    std::uint64_t units = header.base_ts >> time_shift;
    std::uint64_t t = header.base_ts;
    const bool exact = streams.timing() == ColumnTiming::kExact;
    std::uint64_t next_outlier = ~0ull;
    if (!exact && !durations.at_end()) next_outlier = durations.varint();

    auto take_duration = [&](std::uint64_t index) -> std::uint64_t {
        if (exact) return split_varint(durations, duration_tail);
        if (index != next_outlier) return 0;
        const std::uint64_t d = durations.varint();
        next_outlier = durations.at_end() ? ~0ull : index + durations.varint();
        return d;
    };
    auto free_address = [&](bool predicted, std::uint32_t& seq) -> std::uint64_t {
        std::uint64_t a = 0;
        if (predicted) {
            if (!model.take_live(split_varint(ref_lead, ref_tail), a, seq)) return ~0ull;
        } else {
            a = little_endian(addresses, kColumnAddressWidth);
            seq = model.note_free(a);
        }
        return a;
    };
    auto alloc_address = [&](bool predicted, std::uint64_t size,
                             std::uint32_t& seq) -> std::uint64_t {
        std::uint64_t a = 0;
        if (predicted) {
            if (!model.take_recent_free(split_varint(ref_lead, ref_tail), size, a)) return ~0ull;
        } else {
            a = little_endian(addresses, kColumnAddressWidth);
        }
        seq = model.note_alloc(a, size);
        return a;
    };
    auto fail = [&](std::uint64_t index, const char* what) {
        error = "event " + std::to_string(index) + ": " + what;
        return false;
    };

    for (std::uint64_t index = 0; !kinds.at_end(); ++index) {
        const std::uint8_t kind = kinds.byte();
        units += split_varint(ts_lead, ts_tail);
        if (units > (~0ull >> time_shift)) return fail(index, "its timestamp overflows");
        t = units << time_shift;
        const bool first_predicted = (kind & kKindFirstPredicted) != 0;
        const bool second_predicted = (kind & kKindSecondPredicted) != 0;
        bool bad_address = false;
        std::uint32_t seq = kAddressModelNoSequence;
        std::uint32_t freed_seq = kAddressModelNoSequence;
        switch (kind_of(kind)) {
            case ColumnKind::kAlloc: {
                const std::uint64_t size = split_varint(size_lead, size_tail);
                const std::uint64_t address = alloc_address(first_predicted, size, seq);
                const std::uint64_t stack = split_varint(stack_lead, stack_tail);
                const std::uint64_t duration = take_duration(index);
                bad_address = address == ~0ull;
                if (!bad_address)
                    v.alloc(index, t, func_of(kind), address, size, stack, duration, seq);
                break;
            }
            case ColumnKind::kFree: {
                const std::uint64_t address = free_address(first_predicted, freed_seq);
                const std::uint64_t duration = take_duration(index);
                bad_address = address == ~0ull;
                if (!bad_address) v.free(index, t, address, duration, freed_seq);
                break;
            }
            case ColumnKind::kRealloc: {
                const std::uint64_t old_address = free_address(first_predicted, freed_seq);
                const std::uint64_t size = split_varint(size_lead, size_tail);
                const std::uint64_t new_address = alloc_address(second_predicted, size, seq);
                const std::uint64_t stack = split_varint(stack_lead, stack_tail);
                const std::uint64_t duration = take_duration(index);
                // Compact timing: the new block's time, as a delay after the start.
                std::uint64_t delay = duration;
                if (!exact) {
                    const std::uint64_t later = split_varint(ts_lead, ts_tail);
                    if (later > (~0ull >> time_shift) - units)
                        return fail(index, "its timestamp overflows");
                    units += later;
                    delay = (units << time_shift) - t;
                }
                bad_address = old_address == ~0ull || new_address == ~0ull;
                if (!bad_address)
                    v.realloc(index, t, func_of(kind), old_address, new_address, size, stack,
                              duration, delay, freed_seq, seq);
                break;
            }
            case ColumnKind::kOther: {
                const std::uint8_t type = other.byte();
                const std::uint64_t length = other.varint();
                if (other.failed() || length > other.remaining())
                    return fail(index, "its record is cut short");
                const std::uint8_t* body = other.bytes(static_cast<std::size_t>(length));
                v.other(index, t, type, body, static_cast<std::size_t>(length));
                break;
            }
        }
        if (bad_address) return fail(index, "an address reference is out of range");
    }
    // Checked once, not per event (4% of decoding): a cursor past its end
    // reads zeros, which keep the walk in bounds, and the chunk is dropped.
    if (ts_lead.failed() || ts_tail.failed() || ref_lead.failed() || ref_tail.failed() ||
        addresses.failed() || size_lead.failed() || size_tail.failed() || stack_lead.failed() ||
        stack_tail.failed() || durations.failed() || duration_tail.failed()) {
        error = "a column ends before its last event";
        return false;
    }

    std::uint64_t key = 0;
    while (!histogram.at_end()) {
        key += histogram.varint();
        const std::uint64_t count = histogram.varint();
        if (histogram.failed() || key >= kDurationHistogramKeys) {
            error = "its duration histogram is corrupt";
            return false;
        }
        v.durations(t, static_cast<std::uint32_t>(key), count);
    }
    return true;
}

}  // namespace memscope::trace
