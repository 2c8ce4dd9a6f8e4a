// Per-thread re-entrancy guard. While a thread is inside the recorder (a hook,
// the writer, a flush), allocator and mmap calls it makes -- directly or through
// zstd, libunwind, the dynamic loader -- pass straight to the real functions and
// are not recorded. Initial-exec TLS: no allocation, no lock.
//
// One exception makes signal handlers exact: while a hook records (after the
// real call returned), the thread is in a "nested-recordable" window in which
// the recorder itself never allocates. A call arriving then can only come from
// a signal handler that interrupted the hook, so it is recorded -- into the
// thread's second stream, because the interrupted hook may be half-way through
// appending to the first. Inside libunwind the handler's own stack is not
// unwound (libunwind is not re-entrant); its event carries no stack.
#pragma once

namespace memscope::runtime {

extern __thread int tls_recorder_depth __attribute__((tls_model("initial-exec")));
extern __thread bool tls_nested_recordable __attribute__((tls_model("initial-exec")));
extern __thread bool tls_nested_active __attribute__((tls_model("initial-exec")));
extern __thread bool tls_in_unwinder __attribute__((tls_model("initial-exec")));

inline bool inside_recorder() {
    return tls_recorder_depth != 0;
}

// Switch the thread's recording stream to its second (signal) stream and back
// (thread_stream.cpp).
void enter_nested_stream();
void leave_nested_stream();

// Tag for the allocator and mmap hooks: only their scopes may enter a nested
// recording (lifecycle paths -- fork, exec, exit, dlclose -- never do).
struct EventHookTag {};
inline constexpr EventHookTag kEventHook{};

class RecorderScope {
  public:
    RecorderScope() : entered_(tls_recorder_depth == 0) { ++tls_recorder_depth; }
    explicit RecorderScope(EventHookTag) {
        if (tls_recorder_depth == 0) {
            entered_ = true;
        } else if (tls_nested_recordable && !tls_nested_active) {
            entered_ = true;
            nested_ = true;
            tls_nested_active = true;
            tls_nested_recordable = false;
            enter_nested_stream();
        }
        ++tls_recorder_depth;
    }
    ~RecorderScope() {
        --tls_recorder_depth;
        if (nested_) {
            leave_nested_stream();
            tls_nested_recordable = true;
            tls_nested_active = false;
        }
    }
    RecorderScope(const RecorderScope&) = delete;
    RecorderScope& operator=(const RecorderScope&) = delete;

    // False when the thread was already inside the recorder: pass through.
    bool entered() const { return entered_; }

  private:
    bool entered_ = false;
    bool nested_ = false;
};

// Marks a hook's recording work (clock reads, stack capture, encoding) as a
// window in which a nested call must come from a signal handler. Opened only
// when the thread already has its stream and has unwound once (libunwind's
// per-thread state is allocated on first use): otherwise the window is closed.
class NestedRecordingWindow {
  public:
    explicit NestedRecordingWindow(bool thread_ready)
        : open_(thread_ready && !tls_nested_active && !tls_nested_recordable) {
        if (open_) tls_nested_recordable = true;
    }
    ~NestedRecordingWindow() {
        if (open_) tls_nested_recordable = false;
    }
    NestedRecordingWindow(const NestedRecordingWindow&) = delete;
    NestedRecordingWindow& operator=(const NestedRecordingWindow&) = delete;

  private:
    bool open_;
};

// Recorder work that may allocate (module scans, attaching a thread): nested
// calls during it are the recorder's own and pass through.
class InternalWork {
  public:
    InternalWork() : saved_(tls_nested_recordable) { tls_nested_recordable = false; }
    ~InternalWork() { tls_nested_recordable = saved_; }
    InternalWork(const InternalWork&) = delete;
    InternalWork& operator=(const InternalWork&) = delete;

  private:
    bool saved_;
};

}  // namespace memscope::runtime
