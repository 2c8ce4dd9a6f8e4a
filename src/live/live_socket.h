// Where `memscope run --live` makes a traced process stream its trace, and
// where `memscope live PID` finds it: PID.sock in $XDG_RUNTIME_DIR/memscope/,
// or /tmp/memscope-UID/ without a runtime directory. The directory is the
// user's alone (mode 0700): the stream shows the program's memory and command line.
#pragma once

#include <string>

namespace memscope::live {

// The directory; with create, made if missing. Throws StreamError when it
// cannot be made or is not private to this user.
std::string live_socket_directory(bool create);

// "DIR/PID.sock"; pid may be the pattern "%p".
std::string live_socket_path(const std::string& directory, const std::string& pid);

}  // namespace memscope::live
