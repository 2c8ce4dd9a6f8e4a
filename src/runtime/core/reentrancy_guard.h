// Per-thread re-entrancy guard. While a thread is inside the recorder (a hook,
// the writer, a flush), allocator and mmap calls it makes -- directly or through
// zstd, libunwind, the dynamic loader, a signal handler -- pass straight to the
// real functions and are not recorded. Initial-exec TLS: no allocation, no lock.
#pragma once

namespace memscope::runtime {

extern __thread int tls_recorder_depth __attribute__((tls_model("initial-exec")));

inline bool inside_recorder() {
    return tls_recorder_depth != 0;
}

class RecorderScope {
  public:
    RecorderScope() : entered_(tls_recorder_depth == 0) { ++tls_recorder_depth; }
    ~RecorderScope() { --tls_recorder_depth; }
    RecorderScope(const RecorderScope&) = delete;
    RecorderScope& operator=(const RecorderScope&) = delete;

    // False when the thread was already inside the recorder: pass through.
    bool entered() const { return entered_; }

  private:
    bool entered_;
};

}  // namespace memscope::runtime
