#include "binary/elf_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "binary/elf_footprint.h"

namespace memscope::binary {

namespace {

void init_libelf_once() {
    // libelf refuses every other call until the caller has agreed on a version.
    static const bool ready = elf_version(EV_CURRENT) != EV_NONE;
    if (!ready) throw BinaryError("libelf does not support the current ELF version");
}

std::string libelf_reason() {
    const char* reason = elf_errmsg(-1);
    return reason != nullptr ? reason : "unknown libelf error";
}

}  // namespace

ElfFile::ElfFile(const std::string& path) : path_(path) {
    init_libelf_once();
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw BinaryError("cannot open " + path + ": " + std::strerror(errno));
    // The destructor does not run when the constructor throws.
    try {
        struct stat st {};
        if (::fstat(fd_, &st) != 0)
            throw BinaryError("cannot read " + path + ": " + std::strerror(errno));
        if (S_ISDIR(st.st_mode)) throw BinaryError("cannot read " + path + ": is a directory");
        // Devices and pipes have no size to check offsets against.
        if (!S_ISREG(st.st_mode)) fail("not a regular file");
        file_size_ = static_cast<std::uint64_t>(st.st_size);
        if (file_size_ == 0) fail("empty file, not an ELF file");
        std::array<unsigned char, EI_NIDENT> ident{};
        const ssize_t got = ::pread(fd_, ident.data(), ident.size(), 0);
        if (got < 0) fail(std::string("cannot read: ") + std::strerror(errno));
        check_identification(ident.data(), static_cast<std::size_t>(got));

        elf_ = elf_begin(fd_, ELF_C_READ_MMAP, nullptr);
        open_elf();
    } catch (...) {
        if (elf_ != nullptr) elf_end(elf_);
        ::close(fd_);
        throw;
    }
}

ElfFile::ElfFile(std::string name, const void* data, std::size_t size)
    : path_(std::move(name)), file_size_(size) {
    init_libelf_once();
    if (size == 0) fail("empty file, not an ELF file");
    const auto* bytes = static_cast<const char*>(data);
    image_.assign(bytes, bytes + size);
    check_identification(reinterpret_cast<const unsigned char*>(image_.data()),
                         std::min<std::size_t>(size, EI_NIDENT));
    elf_ = elf_memory(image_.data(), image_.size());
    try {
        open_elf();
    } catch (...) {
        if (elf_ != nullptr) elf_end(elf_);
        throw;
    }
}

ElfFile::~ElfFile() {
    elf_end(elf_);
    if (fd_ >= 0) ::close(fd_);
}

void ElfFile::fail(const std::string& what) const {
    throw BinaryError(path_ + ": " + what);
}

void ElfFile::open_elf() {
    if (elf_ == nullptr) fail("unreadable ELF file: " + libelf_reason());
    if (elf_kind(elf_) != ELF_K_ELF) fail("not an ELF file");
    if (gelf_getehdr(elf_, &header_) == nullptr) fail("unreadable ELF header: " + libelf_reason());
    check_section_header_table();
}

void ElfFile::check_identification(const unsigned char* ident, std::size_t available) const {
    if (available < SELFMAG || std::memcmp(ident, ELFMAG, SELFMAG) != 0) fail("not an ELF file");
    if (available < EI_NIDENT) fail("truncated ELF header");
    std::uint64_t header_size = 0;
    switch (ident[EI_CLASS]) {
        case ELFCLASS32:
            header_size = sizeof(Elf32_Ehdr);
            break;
        case ELFCLASS64:
            header_size = sizeof(Elf64_Ehdr);
            break;
        default:
            fail(fmt::format("unknown ELF class {}", ident[EI_CLASS]));
    }
    if (ident[EI_DATA] != ELFDATA2LSB && ident[EI_DATA] != ELFDATA2MSB)
        fail(fmt::format("unknown ELF byte order {}", ident[EI_DATA]));
    if (file_size_ < header_size)
        fail(fmt::format("truncated ELF header ({} of {} bytes)", file_size_, header_size));
}

void ElfFile::check_section_header_table() {
    if (header_.e_shoff == 0)
        return;  // no section headers, as after `strip --strip-section-headers`
    const std::size_t entry_size = gelf_fsize(elf_, ELF_T_SHDR, 1, EV_CURRENT);
    if (entry_size == 0 || header_.e_shentsize != entry_size)
        fail(fmt::format("section header entries of {} bytes, expected {}", header_.e_shentsize,
                         entry_size));
    // libelf reports a table that runs past the end of the file as no table at
    // all, which would pass for a file without sections; its size is checked
    // here first. With more than 0xff00 sections e_shnum is 0 and the real count
    // is in the first entry, which has to be there to be read.
    const auto whole = [&](std::uint64_t entries) {
        if (header_.e_shoff > file_size_ || (file_size_ - header_.e_shoff) / entry_size < entries)
            fail(
                fmt::format("truncated section header table ({} entries at offset {}, the file "
                            "has {} bytes)",
                            entries, header_.e_shoff, file_size_));
    };
    whole(std::max<std::uint64_t>(header_.e_shnum, 1));
    if (elf_getshdrnum(elf_, &section_count_) != 0)
        fail("unreadable section header table: " + libelf_reason());
    whole(section_count_);
    if (elf_getshdrstrndx(elf_, &section_name_index_) != 0)
        fail("unreadable section name table index: " + libelf_reason());
    if (section_count_ != 0 && section_name_index_ >= section_count_)
        fail(fmt::format("section name table index {} out of range ({} sections)",
                         section_name_index_, section_count_));
}

}  // namespace memscope::binary
