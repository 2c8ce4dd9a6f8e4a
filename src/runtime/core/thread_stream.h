// Each recording thread's own stream: attached on the thread's first event
// (kThreadStart, kThreadName from /proc), filled without locks, handed buffer
// by buffer to the writer, and sealed with kThreadExit when the thread ends.
#pragma once

#include "runtime/core/recorder.h"
#include "runtime/core/thread_registry.h"

namespace memscope::runtime {

extern __thread ThreadSlot* tls_thread_slot __attribute__((tls_model("initial-exec")));

ThreadSlot* attach_current_thread();

// The calling thread's slot, attaching it on first use; nullptr when the
// recorder is off or the thread cannot record.
inline ThreadSlot* recording_thread_slot() {
    if (!recorder_active()) return nullptr;
    ThreadSlot* slot = tls_thread_slot;
    if (__builtin_expect(slot != nullptr, 1)) return slot;
    return attach_current_thread();
}

// Thread exit: kThreadExit, last buffer to the writer. Later events of the same
// thread (other TLS destructors) attach a fresh slot.
void detach_thread(ThreadSlot* slot);

// Fork child: the parent's slots are gone; start over on the next event.
void forget_current_thread();

// Wakes the writer thread (a buffer was queued).
void wake_writer();

}  // namespace memscope::runtime
