// One libdwfl session holding the modules of a recorded process, each placed
// at its recorded load bias, read from the files on disk (the process is gone).
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <string>
#include <vector>

namespace memscope::symbols {

class DwflSession {
  public:
    // debug_dirs are searched for separate debug info before /usr/lib/debug.
    explicit DwflSession(const std::vector<std::string>& debug_dirs);
    ~DwflSession();
    DwflSession(const DwflSession&) = delete;
    DwflSession& operator=(const DwflSession&) = delete;

    // Reports the ELF file at path as loaded with the given bias. nullptr when
    // libdwfl cannot use the file, with the reason in *error.
    Dwfl_Module* add_module(const std::string& path, std::uint64_t load_bias, std::string* error);

  private:
    // libdwfl keeps pointers to the callbacks and to the search path string.
    std::string debuginfo_path_;
    char* debuginfo_path_ptr_ = nullptr;
    Dwfl_Callbacks callbacks_{};
    Dwfl* dwfl_ = nullptr;
};

// The libdwfl debuginfo_path for these directories: the main file's own
// directory and its .debug subdirectory (for .gnu_debuglink names), then each
// directory (searched by build-id, then by name), then /usr/lib/debug.
std::string debuginfo_search_path(const std::vector<std::string>& debug_dirs);

}  // namespace memscope::symbols
