#include "history/history_path.h"

#include <cstdlib>

namespace memscope::history {

std::string default_history_path() {
    const char* data_home = std::getenv("XDG_DATA_HOME");
    // The spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (data_home != nullptr && data_home[0] == '/')
        return std::string(data_home) + "/memscope/history.db";
    const char* home = std::getenv("HOME");
    if (home != nullptr && home[0] != '\0')
        return std::string(home) + "/.local/share/memscope/history.db";
    return {};
}

}  // namespace memscope::history
