// Where the history database lives when --db is not given:
// $XDG_DATA_HOME/memscope/history.db, or ~/.local/share/memscope/history.db
// when XDG_DATA_HOME is unset or not absolute (XDG Base Directory spec).
#pragma once

#include <string>

namespace memscope::history {

// Empty when neither XDG_DATA_HOME nor HOME gives a directory.
std::string default_history_path();

}  // namespace memscope::history
