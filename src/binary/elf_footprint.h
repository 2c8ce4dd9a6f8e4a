// How much flash and RAM an ELF binary needs before it allocates anything:
// the figures `size` prints, an embedded split into flash and RAM, the
// sections behind them and the largest functions and objects.
// docs/binary.md describes what is counted where, and why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace memscope::binary {

enum class SectionRole {
    kCode,
    kReadOnlyData,
    kInitializedData,
    kZeroInitializedData,
    kThreadLocalData,
    kThreadLocalZeroData,
};

struct SectionFootprint {
    std::string name;
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    SectionRole role = SectionRole::kCode;
    bool in_flash = false;
    bool in_ram = false;
};

struct SymbolFootprint {
    std::string name;  // demangled
    // Thread-local symbols: the address in the file's thread-local template.
    // Relocatable objects (.o): the offset in the section, as the file holds it.
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    std::string section;
    bool in_flash = false;
    bool in_ram = false;
};

struct ElfFootprint {
    std::string path;
    std::string machine;      // "x86-64", "ARM", "RISC-V", "i386", ... from e_machine
    std::string file_type;    // "executable", "shared object", "relocatable", "core", ...
    unsigned class_bits = 0;  // 32 or 64
    bool little_endian = true;

    // Berkeley-format columns, equal to what binutils `size` prints for the file.
    std::uint64_t text_bytes = 0;
    std::uint64_t data_bytes = 0;
    std::uint64_t bss_bytes = 0;

    // Flash: every allocated section with contents in the file (code, read-only
    // data, and the initial image of initialized and thread-local data).
    // RAM: every allocated section that is writable or has no contents (data,
    // bss, and one copy of the thread-local template, .tdata plus .tbss).
    std::uint64_t flash_bytes = 0;
    std::uint64_t ram_bytes = 0;

    std::vector<SectionFootprint> sections;  // every SHF_ALLOC section with size > 0, by address
    // FUNC, OBJECT and TLS symbols with size > 0 from .symtab (or .dynsym when
    // stripped), largest first, aliases at one place counted once.
    std::vector<SymbolFootprint> largest_symbols;
    std::string symbol_table;  // ".symtab", ".dynsym" or empty
    bool has_symbol_table() const { return !symbol_table.empty(); }
    // False for files whose section headers were removed: then, as for `size`,
    // every figure is zero although the program is not empty.
    bool has_section_headers = true;
};

class BinaryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Throws BinaryError, naming the file and the problem, when the file cannot be
// read or is not a well-formed ELF file.
ElfFootprint read_elf_footprint(const std::string& path, std::size_t symbol_limit = 20);

// The same for an ELF image in memory (the bytes are copied); name takes the
// path's place in the result and in error messages.
ElfFootprint read_elf_footprint_from_memory(const void* data, std::size_t size, std::string name,
                                            std::size_t symbol_limit = 20);

// "code", "read-only data", "initialized data", "zero-initialized data", ...
std::string_view role_name(SectionRole role);

}  // namespace memscope::binary
