// glibc runs a single-threaded process without atomic instructions: its
// malloc takes no arena lock and pthread_mutex_lock/unlock are plain stores
// (glibc 2.32+, the public __libc_single_threaded). Creating the recorder's
// writer thread would end that for good. Every mutex and malloc call of a
// single-threaded program would then pay a locked instruction that it does
// not pay natively: sqlite spent 7-8% of its time in pthread_mutex_lock and
// unlock under the recorder, against 1.8% natively, and the allocator
// latencies memscope measures would not be the program's own.
//
// The writer shares nothing with the program through glibc: it makes system
// calls, takes no lock the program takes, and never enters glibc's heap (its
// hooks send it to the bootstrap arena, see writer_heap_guard.h). So once the
// writer exists, the recorder tells glibc again that the process is
// single-threaded, if it was before.
// - The first thread the program creates ends the claim: pthread_create
//   clears the flag.
// - The end of the session ends the claim too, before the writer exits: its
//   exit may free thread memory through glibc.
// MEMSCOPE_SINGLE_THREADED=0 turns the claim off.
#pragma once

namespace memscope::runtime {

// Whether the process is single-threaded now, as glibc sees it.
bool process_single_threaded();
// Tells glibc the process is single-threaded again (when was_single and the
// claim is not turned off). The writer thread must already run.
void claim_single_threaded(bool was_single);
// Tells glibc the truth again, if the claim still stands.
void end_single_threaded_claim();

}  // namespace memscope::runtime
