// The writer thread never enters glibc's heap: while the recorder claims the
// process is single-threaded (single_thread_claim.h), glibc's allocator
// takes no locks, and a second thread in it would corrupt it. The writer
// allocates nothing by design; the malloc hooks check this flag and give it
// bootstrap-arena memory, skip its frees of other blocks, and count each
// such call so that the session's end can report the design broken.
#pragma once

#include <atomic>
#include <cstdint>

namespace memscope::runtime {

extern __thread bool tls_writer_thread __attribute__((tls_model("initial-exec")));
extern std::atomic<std::uint64_t> g_writer_heap_calls;

}  // namespace memscope::runtime
