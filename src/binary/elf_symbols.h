// The largest functions and objects of an ELF file, from its symbol table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "binary/elf_file.h"
#include "binary/elf_footprint.h"

namespace memscope::binary {

// What a symbol inherits from the section it is defined in, by section index.
struct SymbolSection {
    std::string name;
    bool allocated = false;
    bool in_flash = false;
    bool in_ram = false;
};

struct SymbolTable {
    std::string name;  // ".symtab", ".dynsym", or empty when the file has neither
    std::vector<SymbolFootprint> largest;
};

// Reads .symtab, or .dynsym when the file is stripped. tls_base is the start
// of the thread-local template (PT_TLS) where thread-local symbols' values are
// offsets into it, so that they get addresses like every other symbol.
SymbolTable largest_symbols(const ElfFile& file, const std::vector<SymbolSection>& sections,
                            std::optional<std::uint64_t> tls_base, std::size_t limit);

}  // namespace memscope::binary
