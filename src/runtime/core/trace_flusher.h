// Writing buffered records out as chunks. Every function here requires the
// caller to own the trace file (g_recorder.file_owner).
//
// Ordering: a thread's buffers reach the file in sequence. Full buffers come
// from the queue oldest first; a thread's current buffer is flushed only when
// all of its predecessors are written (its seq equals the slot's
// next_seq_to_write), so the writer never overtakes a queued buffer.
#pragma once

#include <cstdint>

#include "runtime/core/event_buffer.h"
#include "runtime/core/record_stream.h"

namespace memscope::runtime {

// Writes buffer[written, end) as one chunk, continuing the buffer's chains.
void write_buffer_through(EventBuffer& buffer, std::uint32_t end);

// Writes and recycles every queued full buffer.
void drain_full_buffers();
// Writes the committed part of each thread's current buffer.
void flush_live_buffers();
void flush_process_stream();
// All of the above, for exit, exec and fatal signals.
void flush_everything();

// The process stream (tid 0) is filled only by the file owner; when it is full
// it is simply written out.
bool start_process_stream(std::uint64_t ts);
bool make_room_in_process_stream(RecordStream& stream, std::uint32_t need);

}  // namespace memscope::runtime
