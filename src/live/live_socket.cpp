#include "live/live_socket.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "live/stream_connection.h"

namespace memscope::live {

std::string live_socket_directory(bool create) {
    std::string dir;
    const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR");
    struct stat st;
    if (runtime_dir != nullptr && runtime_dir[0] == '/' && stat(runtime_dir, &st) == 0 &&
        S_ISDIR(st.st_mode))
        dir = std::string(runtime_dir) + "/memscope";
    else
        dir = "/tmp/memscope-" + std::to_string(getuid());
    if (create && mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw StreamError("cannot create " + dir + ": " + std::strerror(errno));
    if (lstat(dir.c_str(), &st) != 0) {
        if (!create) return dir;  // nothing streams yet; the caller says so
        throw StreamError("cannot use " + dir + ": " + std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0)
        throw StreamError(dir +
                          " is not a directory private to this user (mode 0700); not using it");
    return dir;
}

std::string live_socket_path(const std::string& directory, const std::string& pid) {
    return directory + "/" + pid + ".sock";
}

}  // namespace memscope::live
