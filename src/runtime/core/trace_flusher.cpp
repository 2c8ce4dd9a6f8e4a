#include "runtime/core/trace_flusher.h"

#include <errno.h>
#include <string.h>

#include "runtime/core/record_range_summary.h"
#include "runtime/core/recorder.h"
#include "runtime/core/recorder_warning.h"

namespace memscope::runtime {

namespace {

void report_output_failure() {
    Recorder& r = g_recorder;
    r.state.store(kOff, std::memory_order_relaxed);
    if (r.warned) return;
    r.warned = true;
    const char* why = r.output.error() == EBADF
                          ? "the program closed its file descriptor and the file is gone"
                          : strerror(r.output.error());
    warn_line("cannot write trace ", r.trace_path, ": ", why, "; recording disabled");
}

}  // namespace

void write_buffer_through(EventBuffer& b, std::uint32_t end) {
    if (end <= b.written) return;
    Recorder& r = g_recorder;
    const DeltaChains start{b.chain_ts, b.chain_address};
    const std::uint8_t* from = b.data + b.written;
    const RecordRangeSummary summary = summarize_records(from, b.data + end, start);
    if (summary.valid && !r.output.failed()) {
        if (!r.output.write_events(b.tid, from, end - b.written, summary, start))
            report_output_failure();
    }
    b.written = end;
    b.chain_ts = summary.end.ts;
    b.chain_address = summary.end.address;
}

void drain_full_buffers() {
    Recorder& r = g_recorder;
    EventBuffer* b = r.pool.take_full_oldest_first();
    while (b != nullptr) {
        EventBuffer* next = b->next_full;
        write_buffer_through(*b, b->committed.load(std::memory_order_acquire));
        ThreadSlot& slot = r.threads.at(b->slot);
        slot.next_seq_to_write = b->seq + 1;
        if (b->last_of_thread) r.threads.release(&slot);
        r.pool.recycle(b);
        b = next;
    }
}

void flush_live_buffers() {
    Recorder& r = g_recorder;
    const std::uint32_t n = r.threads.high_water();
    for (std::uint32_t i = 0; i < n; ++i) {
        ThreadSlot& slot = r.threads.at(i);
        if (slot.status.load(std::memory_order_acquire) != kSlotLive) continue;
        EventBuffer* b = slot.current.load(std::memory_order_acquire);
        if (b == nullptr || b->seq != slot.next_seq_to_write) continue;
        write_buffer_through(*b, b->committed.load(std::memory_order_acquire));
    }
}

void flush_process_stream() {
    RecordStream& s = g_recorder.process_stream;
    if (s.buffer == nullptr) return;
    write_buffer_through(*s.buffer, s.pos);
    // Everything is out: reuse the buffer from its start (the chains go on).
    s.pos = 0;
    s.buffer->written = 0;
    s.buffer->committed.store(0, std::memory_order_relaxed);
}

void flush_everything() {
    for (int round = 0; round < 2; ++round) {
        drain_full_buffers();
        flush_live_buffers();
    }
    drain_full_buffers();
    flush_process_stream();
}

bool start_process_stream(std::uint64_t ts) {
    Recorder& r = g_recorder;
    EventBuffer* b = r.pool.acquire();
    if (b == nullptr) return false;
    b->start(0, 0, 0, ts, 0);
    RecordStream& s = r.process_stream;
    s.buffer = b;
    s.pos = 0;
    s.last_ts = ts;
    s.address.previous = 0;
    s.make_room = make_room_in_process_stream;
    s.owner = nullptr;
    return true;
}

bool make_room_in_process_stream(RecordStream& stream, std::uint32_t need) {
    if (stream.buffer == nullptr || need > stream.buffer->capacity) return false;
    flush_process_stream();
    return true;
}

}  // namespace memscope::runtime
