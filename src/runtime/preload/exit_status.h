// The status the process is exiting with, as far as the hooks saw it: the
// argument of exit() or the value main() returned.
#pragma once

namespace memscope::preload {

void note_exit_status(int status);
int exit_status();

}  // namespace memscope::preload
