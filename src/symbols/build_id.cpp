#include "symbols/build_id.h"

#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

namespace memscope::symbols {
namespace {

class ReadOnlyFd {
  public:
    explicit ReadOnlyFd(const std::string& path)
        : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~ReadOnlyFd() {
        if (fd_ >= 0) ::close(fd_);
    }
    ReadOnlyFd(const ReadOnlyFd&) = delete;
    ReadOnlyFd& operator=(const ReadOnlyFd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

struct ElfCloser {
    void operator()(Elf* elf) const { elf_end(elf); }
};

std::string to_hex(const void* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const auto* p = static_cast<const std::uint8_t*>(bytes);
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(kDigits[p[i] >> 4]);
        hex.push_back(kDigits[p[i] & 0xf]);
    }
    return hex;
}

std::optional<std::string> fail(std::string* error, std::string reason) {
    if (error) *error = std::move(reason);
    return std::nullopt;
}

}  // namespace

std::optional<std::string> read_build_id(const std::string& path, std::string* error) {
    ReadOnlyFd fd(path);
    if (fd.get() < 0) return fail(error, std::strerror(errno));

    // libelf refuses to work until a version has been agreed; repeating it is harmless.
    elf_version(EV_CURRENT);
    std::unique_ptr<Elf, ElfCloser> elf(elf_begin(fd.get(), ELF_C_READ_MMAP, nullptr));
    if (!elf || elf_kind(elf.get()) != ELF_K_ELF) return fail(error, "not an ELF file");
    GElf_Ehdr ehdr;
    if (gelf_getehdr(elf.get(), &ehdr) == nullptr) return fail(error, elf_errmsg(-1));

    const void* id = nullptr;
    const ssize_t size = dwelf_elf_gnu_build_id(elf.get(), &id);
    if (size < 0) return fail(error, elf_errmsg(-1));
    if (size == 0 || id == nullptr) return std::string();
    return to_hex(id, static_cast<std::size_t>(size));
}

}  // namespace memscope::symbols
