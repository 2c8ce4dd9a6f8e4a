#include "trace/column_event_decoder.h"

#include <cstring>

#include "format/record_types.h"
#include "format/varint.h"
#include "trace/chunk_cursor.h"
#include "trace/column_walk.h"

namespace memscope::trace {

namespace {

// Stack ids are 32-bit in events; the columns store varints.
constexpr std::uint64_t kMaxStackId = 0xffffffffull;

// ChunkCursor numbers records within the row stream it was given, which here
// is a single record; the chunk's own numbering is the event index.
std::string renumbered(const std::string& cursor_error, std::uint64_t index) {
    const std::size_t colon = cursor_error.find(": ");
    const std::string what =
        colon == std::string::npos ? cursor_error : cursor_error.substr(colon + 2);
    return "record " + std::to_string(index) + ": " + what;
}

// Turns the walk's records into events. A bad field of one record ends the
// chunk's events there (the row reader stopped at such a record too); the
// walk still checks the columns to the end, since a bad column drops it all.
class EventVisitor {
  public:
    EventVisitor(TraceTables tables, DecodedChunk& out, std::size_t other_stream_size,
                 std::uint32_t* event_of_sequence, std::vector<EventPair>& pairs)
        : tables_(tables), out_(out), event_of_sequence_(event_of_sequence), pairs_(pairs) {
        alloc_.kind = EventKind::kAlloc;
        alloc_.tid = out.tid;
        free_.kind = EventKind::kFree;
        free_.tid = out.tid;
        // Room for every other record as a row: each takes at least two bytes
        // in its stream and at most ten more as a row. Never resized later:
        // events' text points into it.
        const std::size_t room = 6 * other_stream_size + 16;
        if (out.rows.storage.size() < room) out.rows.storage.resize(room);
        out.rows.size = 0;
    }

    void alloc(std::uint64_t index, std::uint64_t t, std::uint8_t func, std::uint64_t address,
               std::uint64_t size, std::uint64_t stack, std::uint64_t duration, std::uint32_t seq) {
        if (!producing_) return;
        if (stack > kMaxStackId) return stop(index, "an alloc field is out of range");
        remember(seq);
        if (duration == 0)
            return out_.add_heap(EventKind::kAlloc, static_cast<format::AllocFunc>(func), false, t,
                                 address, size, static_cast<StackId>(stack));
        alloc_.func = static_cast<format::AllocFunc>(func);
        alloc_.time_ns = t;
        alloc_.address = address;
        alloc_.size = size;
        alloc_.stack = static_cast<StackId>(stack);
        alloc_.duration_ns = duration;
        out_.add(alloc_);
    }

    void free(std::uint64_t, std::uint64_t t, std::uint64_t address, std::uint64_t duration,
              std::uint32_t freed_seq) {
        if (!producing_) return;
        note_pair(freed_seq);
        if (duration == 0)
            return out_.add_heap(EventKind::kFree, format::AllocFunc::kMalloc, false, t, address, 0,
                                 0);
        free_.time_ns = t;
        free_.address = address;
        free_.duration_ns = duration;
        out_.add(free_);
    }

    // The old block is released when realloc starts and the new one exists
    // when it returns; either half is absent when its address is null.
    void realloc(std::uint64_t index, std::uint64_t t, std::uint8_t func, std::uint64_t old_address,
                 std::uint64_t new_address, std::uint64_t size, std::uint64_t stack,
                 std::uint64_t duration, std::uint64_t delay, std::uint32_t freed_seq,
                 std::uint32_t seq) {
        if (!producing_) return;
        if (stack > kMaxStackId) return stop(index, "a realloc field is out of range");
        if (old_address != 0) {
            note_pair(freed_seq);
            out_.add_heap(EventKind::kFree, format::AllocFunc::kMalloc, true, t, old_address, 0, 0);
        }
        if (new_address == 0) return;
        remember(seq);
        if (duration == 0)
            return out_.add_heap(EventKind::kAlloc, static_cast<format::AllocFunc>(func), true,
                                 t + delay, new_address, size, static_cast<StackId>(stack));
        Event a{};
        a.kind = EventKind::kAlloc;
        a.func = static_cast<format::AllocFunc>(func);
        a.from_realloc = true;
        a.tid = out_.tid;
        a.stack = static_cast<StackId>(stack);
        a.time_ns = t + delay;
        a.duration_ns = duration;
        a.address = new_address;
        a.size = size;
        out_.add(a);
    }

    // As a row record of its own (type | length | ts delta 0 | body) in the
    // chunk's row buffer, parsed by ChunkCursor at time t.
    void other(std::uint64_t index, std::uint64_t t, std::uint8_t type, const std::uint8_t* body,
               std::size_t length) {
        if (!producing_) return;
        RawChunk& rows = out_.rows;
        std::uint8_t* row = rows.storage.data() + rows.size;
        std::size_t n = 0;
        row[n++] = type;
        n += format::encode_varint(row + n, 1 + length);
        row[n++] = 0;
        if (length != 0) std::memcpy(row + n, body, length);
        n += length;
        rows.size += n;

        format::ChunkHeader at{};
        at.tid = out_.tid;
        at.base_ts = t;
        ChunkCursor cursor(row, row + n, at, tables_);
        for (;;) {
            const ChunkCursor::Status s = cursor.advance();
            if (s == ChunkCursor::Status::kEnd) return;
            if (s == ChunkCursor::Status::kCorrupt) {
                out_.record_error = renumbered(cursor.error(), index);
                producing_ = false;
                return;
            }
            out_.add(cursor.event());
        }
    }

    void durations(std::uint64_t t, std::uint32_t key, std::uint64_t count) {
        using namespace format;
        if (!producing_) return;
        const std::uint32_t bucket = key % kDurationBucketCount;
        Event h{};
        h.kind = EventKind::kCallDurations;
        h.tid = out_.tid;
        h.time_ns = t;
        h.how = static_cast<std::uint8_t>(key / (kDurationSizeClassCount * kDurationBucketCount));
        h.size = (key / kDurationBucketCount) % kDurationSizeClassCount;
        h.duration_ns = duration_bucket_low(bucket);
        h.duration_max_ns = duration_bucket_high(bucket);
        h.value = count;
        out_.add(h);
    }

  private:
    // The allocation with this sequence number is the next event added.
    void remember(std::uint32_t seq) {
        if (seq != format::kAddressModelNoSequence)
            event_of_sequence_[seq] = static_cast<std::uint32_t>(out_.events.size());
    }
    // The next event added frees the allocation with this sequence number, an
    // event of this chunk. The two are linked after the walk (link_pairs):
    // there the loads of the allocations, far back in the events, overlap
    // instead of each stalling the walk.
    void note_pair(std::uint32_t freed_seq) {
        if (freed_seq != format::kAddressModelNoSequence)
            pairs_.push_back(
                {event_of_sequence_[freed_seq], static_cast<std::uint32_t>(out_.events.size())});
    }

    void stop(std::uint64_t index, const char* what) {
        out_.record_error = "record " + std::to_string(index) + ": " + what;
        producing_ = false;
    }

    TraceTables tables_;
    DecodedChunk& out_;
    std::uint32_t* event_of_sequence_;
    std::vector<EventPair>& pairs_;
    Event alloc_{};
    Event free_{};
    bool producing_ = true;
};

// Gives each paired free its allocation's size and stack, and marks both.
void link_pairs(const std::vector<EventPair>& pairs, DecodedChunk& out) {
    for (const EventPair& p : pairs) {
        PackedEvent& a = out.events[p.alloc];
        PackedEvent& f = out.events[p.free];
        std::uint64_t size = a.size;
        StackId stack = a.stack;
        if (a.flags & PackedEvent::kWhole) {
            Event& whole = out.whole_events[a.size];
            whole.chunk_paired = true;
            size = whole.size;
            stack = whole.stack;
        } else {
            a.flags |= PackedEvent::kChunkPaired;
        }
        if (f.flags & PackedEvent::kWhole) {
            Event& whole = out.whole_events[f.size];
            whole.chunk_paired = true;
            whole.size = size;
            whole.stack = stack;
        } else {
            f.flags |= PackedEvent::kChunkPaired;
            f.size = size;
            f.stack = stack;
        }
    }
}

}  // namespace

void ColumnEventDecoder::decode(const std::uint8_t* payload, std::size_t size,
                                const format::ChunkHeader& header, void* dctx, TraceTables tables,
                                DecodedChunk& out) {
    if (!streams_.unpack(payload, size, header, dctx, out.load_error)) return;
    out.events.reserve(streams_[format::kStreamKinds].size() + header.alloc_count / 8);
    if (event_of_sequence_.empty()) event_of_sequence_.resize(format::kAddressModelMaxAllocations);
    EventVisitor visitor(tables, out, streams_[format::kStreamOtherRecords].size(),
                         event_of_sequence_.data(), out.pairs);
    if (!walk_columns(streams_, header, model_memory_, visitor, out.load_error)) {
        out.events.clear();
        out.pairs.clear();
        out.record_error.clear();
        return;
    }
    link_pairs(out.pairs, out);
}

}  // namespace memscope::trace
