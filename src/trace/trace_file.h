// Read-only handle on a trace file. The reader uses positioned reads so chunk
// payloads can be fetched in any order without sharing a file offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace memscope::trace {

class TraceFile {
  public:
    // Throws TraceError when the path cannot be opened or is not a regular file.
    explicit TraceFile(const std::string& path);
    ~TraceFile();
    TraceFile(const TraceFile&) = delete;
    TraceFile& operator=(const TraceFile&) = delete;

    const std::string& path() const { return path_; }
    std::uint64_t size() const { return size_; }

    // Reads exactly len bytes at offset; false when the file is shorter or the read fails.
    bool read_at(std::uint64_t offset, void* out, std::size_t len) const;

  private:
    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

}  // namespace memscope::trace
