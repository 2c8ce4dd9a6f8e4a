// Heap blocks allocated while the thread was inside the recorder (libunwind's
// per-thread TLS, pthread_setspecific's key blocks, a signal handler that
// interrupted a hook): never recorded, so their later frees -- often by glibc,
// from another thread, outside any guard -- must not be recorded either.
// A small lock-free address set; when it is full, the frees are recorded (and
// readers ignore frees of addresses they never saw allocated).
#pragma once

namespace memscope::runtime {

void remember_untracked_block(const void* block);
// True if the block was remembered (and is now forgotten).
bool forget_untracked_block(const void* block);

}  // namespace memscope::runtime
