// One file of the on-disk symbol cache: the frames of every address resolved
// so far in one module (module-relative offsets), under the key that says
// which module and which debug-info context they came from. Binary, versioned,
// CRC-checked; a file that is not exactly what this version writes, or that
// carries another key, reads as absent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "symbols/symbolizer.h"

namespace memscope::symbols {

// Frames without module and module_offset (the reader of the cache fills them
// in from the trace), keyed by cache_entry_key(offset, is_return_address).
using ModuleSymbols = std::unordered_map<std::uint64_t, std::vector<Frame>>;

inline std::uint64_t cache_entry_key(std::uint64_t module_offset, bool is_return_address) {
    return (module_offset << 1) | (is_return_address ? 1u : 0u);
}

// The entries of the file at path, or nullopt when it is missing, unreadable,
// damaged, of another version, or written for another key.
std::optional<ModuleSymbols> read_symbol_cache_file(const std::string& path,
                                                    const std::string& key);

// Writes the entries to a temporary file next to path and renames it over
// path, so readers see the old file or the new one, never a part. False when
// any step fails (the cache is then left as it was).
bool write_symbol_cache_file(const std::string& path, const std::string& key,
                             const ModuleSymbols& entries);

}  // namespace memscope::symbols
