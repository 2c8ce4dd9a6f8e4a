// The process-wide recorder state. Constant-initialized (hooks can run before
// any constructor), set up lazily by the first recording thread, and started as
// a session (trace file, writer thread) by the library's constructor.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/core/buffer_pool.h"
#include "runtime/core/file_owner.h"
#include "runtime/core/module_map.h"
#include "runtime/core/owned_descriptor.h"
#include "runtime/core/record_stream.h"
#include "runtime/core/recorder_settings.h"
#include "runtime/core/stack_table.h"
#include "runtime/core/stream_sender.h"
#include "runtime/core/thread_registry.h"
#include "runtime/core/trace_output.h"

namespace memscope::runtime {

enum RecorderState : std::uint32_t {
    kBuffering = 0,  // before the session starts: threads record into buffers
    kRecording = 1,  // session open, writer running
    kOff = 2,        // finished, failed or disabled: hooks pass through
};

enum CoreStatus : std::uint32_t {
    kCoreNone = 0,
    kCoreStarting = 1,
    kCoreReady = 2,
    kCoreFailed = 3
};

struct Recorder {
    std::atomic<std::uint32_t> state{kBuffering};
    std::atomic<std::uint32_t> core{kCoreNone};

    BufferPool pool;
    ThreadRegistry threads;
    StackTable stacks;
    ModuleMap modules;

    // Owned by the file owner.
    FileOwner file_owner;
    TraceOutput output;
    RecordStream process_stream;  // tid 0: module map, RSS samples, lost events, exit
    std::uint64_t lost_reported = 0;
    std::uint64_t exec_rollback_offset = 0;
    bool warned = false;
    StreamSender stream;  // MEMSCOPE_STREAM: the trace sent to a client as it is written

    std::atomic<std::uint64_t> lost_events{0};
    std::atomic<std::uint32_t> wake_word{0};
    std::atomic<bool> writer_running{false};
    std::atomic<bool> writer_stop{false};

    std::uint32_t pid = 0;
    std::uint64_t start_ns = 0;
    std::uint32_t page_size = 4096;
    OwnedDescriptor statm;  // /proc/self/statm, for RSS samples
    RecorderSettings settings;
    char trace_path[kTracePathMax] = {};
};

extern Recorder g_recorder;

inline bool recorder_active() {
    return g_recorder.state.load(std::memory_order_relaxed) != kOff;
}

inline void count_lost_event() {
    g_recorder.lost_events.fetch_add(1, std::memory_order_relaxed);
}

// Sets up buffers, thread slots and the stack table once; false if impossible.
bool ensure_recorder_core();

}  // namespace memscope::runtime
