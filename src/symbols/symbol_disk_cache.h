// The symbol cache shared by every run of the analyzer: frames of addresses
// resolved before, one file per module (symbol_cache_file.h) under
// $XDG_CACHE_HOME/memscope/symbols (default ~/.cache/memscope/symbols), so a
// trace analysed again, or another trace of the same binaries, skips libdw for
// the addresses it has seen. docs/symbols.md describes what keys a file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "symbols/symbol_cache_file.h"
#include "symbols/symbolizer.h"
#include "trace/event.h"

namespace memscope::symbols {

// The directory the cache uses by default; "" when neither XDG_CACHE_HOME nor
// HOME is set (no cache then).
std::string default_symbol_cache_dir();

// What decides a module's frames besides the offset: the file (its build-id,
// or path, size and modification time without one), the debug-info search
// path, the separate debug files it would find by build-id (present or not,
// size, time), DEBUGINFOD_URLS, and this symbolizer's revision. nullopt when
// the file cannot be identified (it cannot be stat'ed).
std::optional<std::string> module_cache_key(const trace::Module& module,
                                            const std::vector<std::string>& debug_dirs);

class SymbolDiskCache {
  public:
    explicit SymbolDiskCache(std::string directory) : directory_(std::move(directory)) {}

    // Cached frames of a module-relative offset (without module and
    // module_offset), or null. A module's file is read on its first lookup.
    const std::vector<Frame>* find(const std::string& key, std::uint64_t module_offset,
                                   bool is_return_address);
    void store(const std::string& key, std::uint64_t module_offset, bool is_return_address,
               const std::vector<Frame>& frames);

    // Writes the files that gained entries, merged with what other runs wrote
    // since they were read. Failures leave the cache as it was, silently: it
    // only ever saves time.
    void save();

  private:
    struct ModuleFile {
        ModuleSymbols entries;
        bool dirty = false;
    };
    ModuleFile& file_for(const std::string& key);
    std::string path_for(const std::string& key) const;

    std::string directory_;
    std::unordered_map<std::string, ModuleFile> files_;
};

}  // namespace memscope::symbols
