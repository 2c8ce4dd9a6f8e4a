// SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL: write kProcessExit(kSignal), flush
// synchronously (static zstd context, no allocation), write the end chunk,
// then die of the same signal with the default action. Installed only where
// the program left the default action; a handler the program installs later
// replaces ours (its process then ends with a truncated, still readable trace).
#pragma once

namespace memscope::preload {

void install_fatal_signal_handlers();

}  // namespace memscope::preload
