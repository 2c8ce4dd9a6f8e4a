// Reading the GNU build-id note of an ELF file on disk, to tell whether a file
// is still the one a trace was recorded against.
#pragma once

#include <optional>
#include <string>

namespace memscope::symbols {

// Lowercase hex of the NT_GNU_BUILD_ID note; "" for an ELF file without one.
// nullopt when the file cannot be opened or is not a readable ELF file, with
// the reason in *error when error is not null.
std::optional<std::string> read_build_id(const std::string& path, std::string* error = nullptr);

}  // namespace memscope::symbols
