// A private directory under $TMPDIR (or /tmp) removed with everything in it
// when the test ends.
#pragma once

#include <string>

namespace memscope::testing {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

}  // namespace memscope::testing
