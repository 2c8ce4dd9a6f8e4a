// An ELF file opened for reading through libelf, checked up front so that the
// readers after it see a header and a section header table that are whole.
#pragma once

#include <gelf.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace memscope::binary {

class ElfFile {
  public:
    // Throws BinaryError: missing or unreadable file, not ELF, truncated headers.
    explicit ElfFile(const std::string& path);
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
    void check_identification() const;
    void check_section_header_table();

    std::string path_;
    int fd_ = -1;
    Elf* elf_ = nullptr;
    GElf_Ehdr header_{};
    std::uint64_t file_size_ = 0;
    std::size_t section_count_ = 0;
    std::size_t section_name_index_ = 0;
};

}  // namespace memscope::binary
