// The life of one process's trace: started by the library constructor (or in a
// fork child), ended by exit, _exit, a fatal signal, or exec.
#pragma once

#include <cstdint>

#include "format/record_types.h"
#include "runtime/core/recorder_settings.h"

namespace memscope::runtime {

// Creates the trace file, writes the header and module map, starts the writer.
// On failure prints one warning and turns recording off (the program runs on).
bool start_session(const RecorderSettings& settings);

// Writes kProcessExit, every committed event and the end chunk, then stops
// recording for good. Waits at most owner_wait_ns for the writer to hand over
// the file; gives up (leaving a truncated trace) rather than deadlock.
void finish_session(format::ExitHow how, std::uint64_t value, std::uint64_t owner_wait_ns);

// Before an exec: flush everything, write kExec, kProcessExit(kExec) and the
// end chunk, and hold the file. Returns false when nothing was done (recorder
// off, or a vfork child that must not touch the parent's recorder).
bool begin_exec(const char* path);
// The exec failed: take the end back and go on recording into the same file.
void abort_exec();

// Fork child (only the forking thread exists): drop the parent's buffers,
// tables and file, and start this process's own trace.
void restart_session_in_fork_child();

}  // namespace memscope::runtime
