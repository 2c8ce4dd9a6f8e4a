// An ELF file opened for reading through libelf, checked up front so that the
// readers after it see a header and a section header table that are whole.
// The bytes come from a path or from memory; everything after opening is the
// same code, so fuzzing the memory form covers what the path form runs.
#pragma once

#include <gelf.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace memscope::binary {

class ElfFile {
  public:
    // Throws BinaryError: missing or unreadable file, not ELF, truncated headers.
    explicit ElfFile(const std::string& path);
    // The bytes are copied: libelf takes a writable image and reads it lazily,
    // so the caller's buffer neither has to outlive this nor stay untouched.
    // name stands for the path in error messages.
    ElfFile(std::string name, const void* data, std::size_t size);
    ~ElfFile();
    ElfFile(const ElfFile&) = delete;
    ElfFile& operator=(const ElfFile&) = delete;

    Elf* elf() const { return elf_; }
    const GElf_Ehdr& header() const { return header_; }
    std::size_t section_count() const { return section_count_; }
    std::size_t section_name_index() const { return section_name_index_; }
    std::uint64_t file_size() const { return file_size_; }

    // Throws BinaryError naming the file, with what is wrong and libelf's reason.
    [[noreturn]] void fail(const std::string& what) const;

  private:
    void check_identification(const unsigned char* ident, std::size_t available) const;
    void open_elf();
    void check_section_header_table();

    std::string path_;
    int fd_ = -1;              // only when read from a path
    std::vector<char> image_;  // only when read from memory
    Elf* elf_ = nullptr;
    GElf_Ehdr header_{};
    std::uint64_t file_size_ = 0;
    std::size_t section_count_ = 0;
    std::size_t section_name_index_ = 0;
};

}  // namespace memscope::binary
