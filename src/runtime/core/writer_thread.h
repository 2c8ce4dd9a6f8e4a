// The one thread that writes the trace: it wakes when a full buffer is queued
// (futex) or on its timer, writes queued buffers, samples RSS into the process
// stream every rss_interval_ms, and every 200 ms (50 ms while a trace stream
// listens) flushes what each thread has committed so far, so a SIGKILL loses
// well under half a second of events. After each round it passes what it
// wrote on to the stream client, if any (stream_sender.h).
#pragma once

namespace memscope::runtime {

bool start_writer_thread();

}  // namespace memscope::runtime
