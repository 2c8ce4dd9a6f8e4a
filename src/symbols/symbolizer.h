// Offline symbolization of recorded instruction addresses with elfutils libdw:
// demangled function names, inline frames, file:line, module. Each unique
// address is resolved once and cached.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trace/event.h"

namespace memscope::symbols {

struct Frame {
    std::string function;  // demangled; empty when unknown
    std::string file;      // source file, empty when no line info
    std::uint32_t line = 0;
    std::string module;  // path of the module (shared object or executable)
    std::uint64_t module_offset =
        0;                 // address - load bias; the address itself when module is empty
    bool inlined = false;  // this frame was inlined into the next (outer) one

    // "func at file:line" / "func in module" / "module+0xoffset" / "0xaddress",
    // with the module shown by its file name only.
    std::string to_string() const;
};

struct SymbolizerOptions {
    // Extra directories searched for separate debug info (by build-id under
    // DIR/.build-id/xx/rest.debug, and by name); /usr/lib/debug is always searched.
    std::vector<std::string> debug_dirs;
    // Directory of the on-disk cache of resolved frames, shared across runs
    // (default_symbol_cache_dir() in symbol_disk_cache.h); empty: no disk cache.
    std::string cache_dir;
};

class Symbolizer {
  public:
    Symbolizer(const std::vector<trace::Module>& modules, SymbolizerOptions options = {});
    ~Symbolizer();  // saves the disk cache
    Symbolizer(const Symbolizer&) = delete;
    Symbolizer& operator=(const Symbolizer&) = delete;

    // Frames for one return address, the innermost inline frame first and the
    // real (non-inlined) function last. Never empty: an unresolvable address
    // yields one frame with function empty and module/module_offset set (or
    // module empty when no module contains the address).
    // is_return_address: the address is a return address (subtract 1 to land
    // inside the call instruction) rather than an exact instruction pointer.
    // module_offset is always that of the address as given (not address - 1).
    // The reference stays valid for the life of the Symbolizer.
    const std::vector<Frame>& resolve(std::uint64_t address, bool is_return_address = true);

    // One message per module that could not be used: its on-disk build-id
    // differs from the recorded one ("changed since recording"), or the file
    // is missing or unreadable. Filled lazily, as addresses reach the module.
    const std::vector<std::string>& warnings() const;

    // How many resolve() calls missed the in-memory cache.
    std::size_t uncached_lookups() const;
    // How many of those went to the debug info (missed the disk cache too).
    std::size_t debug_info_lookups() const;

    // Writes what this Symbolizer resolved into the disk cache (also done by
    // the destructor). Failures are silent: the cache only ever saves time.
    void save_cache();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace memscope::symbols
