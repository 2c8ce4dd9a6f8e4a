// The producing side of a record stream: the buffer being filled, the write
// position, and the delta chains (previous timestamp, previous heap address)
// that the encoding continues from. A stream never splits a record across
// buffers: make_room() switches buffers between records.
#pragma once

#include <cstdint>

#include "format/record_types.h"
#include "runtime/core/event_buffer.h"

namespace memscope::runtime {

struct RecordStream;

// Makes `need` bytes available at stream.pos (switching or flushing buffers);
// false when the record has to be dropped.
using MakeRoomFn = bool (*)(RecordStream& stream, std::uint32_t need);

struct RecordStream {
    EventBuffer* buffer = nullptr;
    std::uint32_t pos = 0;
    std::uint64_t last_ts = 0;
    format::AddressDelta address;
    MakeRoomFn make_room = nullptr;
    void* owner = nullptr;  // what make_room works on (a thread slot)
};

inline std::uint8_t* reserve(RecordStream& s, std::uint32_t need) {
    if (__builtin_expect(s.buffer != nullptr && s.buffer->capacity - s.pos >= need, 1))
        return s.buffer->data + s.pos;
    if (s.make_room == nullptr || !s.make_room(s, need)) return nullptr;
    return s.buffer->data + s.pos;
}

// Publishes every byte up to `end` as complete records.
inline void commit(RecordStream& s, const std::uint8_t* end) {
    s.pos = static_cast<std::uint32_t>(end - s.buffer->data);
    s.buffer->committed.store(s.pos, std::memory_order_release);
}

}  // namespace memscope::runtime
