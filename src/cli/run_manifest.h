// The list of traces written by the recorded process tree: a file in a private
// temporary directory to which each recorder appends "PID\tPATH\n".
#pragma once

#include <string>
#include <vector>

namespace memscope::cli {

class RunManifest {
  public:
    RunManifest() = default;
    ~RunManifest();
    RunManifest(const RunManifest&) = delete;
    RunManifest& operator=(const RunManifest&) = delete;

    // Creates the directory (mode 0700) and the empty file; false with errno set.
    bool create();
    const std::string& path() const { return file_; }
    // Trace paths in the order they were created.
    std::vector<std::string> traces() const;

  private:
    std::string directory_;
    std::string file_;
};

}  // namespace memscope::cli
