#include "cli/run_manifest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace memscope::cli {

RunManifest::~RunManifest() {
    if (!file_.empty()) unlink(file_.c_str());
    if (!directory_.empty()) rmdir(directory_.c_str());
}

bool RunManifest::create() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/memscope-run.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return false;
    directory_ = pattern;
    const std::string file = directory_ + "/traces";
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    close(fd);
    file_ = file;
    return true;
}

std::vector<std::string> RunManifest::traces() const {
    std::vector<std::string> paths;
    std::ifstream in(file_);
    std::string line;
    while (std::getline(in, line)) {
        const std::size_t tab = line.find('\t');
        if (tab != std::string::npos && tab + 1 < line.size())
            paths.push_back(line.substr(tab + 1));
    }
    return paths;
}

}  // namespace memscope::cli
