#include "cli/target_check.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace memscope::cli {

namespace {

constexpr const char* kDefaultSearchPath = "/usr/local/bin:/usr/bin:/bin";

TargetCheck refuse(const std::string& command, const std::string& why, int code = 126) {
    return TargetCheck{code, command, "memscope: cannot record " + command + ": " + why};
}

bool read_at(int fd, off_t offset, void* out, std::size_t size) {
    return pread(fd, out, size, offset) == static_cast<ssize_t>(size);
}

// Whether the ELF file has a PT_INTERP program header (is dynamically linked).
template <typename Ehdr, typename Phdr>
bool has_interpreter(int fd, const Ehdr& header) {
    if (header.e_phentsize != sizeof(Phdr)) return false;
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        Phdr ph;
        if (!read_at(fd, static_cast<off_t>(header.e_phoff + i * sizeof(Phdr)), &ph, sizeof(ph)))
            return false;
        if (ph.p_type == PT_INTERP) return true;
    }
    return false;
}

// Empty when the ELF file can take the recorder, else the reason it cannot.
std::string elf_problem(int fd, const unsigned char* ident) {
    if (ident[EI_CLASS] != (sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32))
        return sizeof(void*) == 8 ? "it is a 32-bit program and the recorder is 64-bit"
                                  : "it is a 64-bit program and the recorder is 32-bit";
    bool dynamic = false;
    if (ident[EI_CLASS] == ELFCLASS64) {
        Elf64_Ehdr h;
        if (!read_at(fd, 0, &h, sizeof(h))) return "it is not a valid ELF file";
        dynamic = has_interpreter<Elf64_Ehdr, Elf64_Phdr>(fd, h);
    } else {
        Elf32_Ehdr h;
        if (!read_at(fd, 0, &h, sizeof(h))) return "it is not a valid ELF file";
        dynamic = has_interpreter<Elf32_Ehdr, Elf32_Phdr>(fd, h);
    }
    if (!dynamic) return "it is statically linked, so the recorder cannot be preloaded";
    return {};
}

// execvp's search: the first executable regular file named `name` in PATH.
// Sets `denied` when a match exists but cannot be executed.
std::string search_path(const std::string& name, bool& denied) {
    const char* env = std::getenv("PATH");
    const std::string path = env != nullptr ? env : kDefaultSearchPath;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find(':', start), path.size());
        std::string dir = path.substr(start, end - start);
        if (dir.empty()) dir = ".";
        std::string candidate = dir;
        candidate.push_back('/');
        candidate.append(name);
        struct stat st;
        if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
            if (access(candidate.c_str(), X_OK) == 0) return candidate;
            denied = true;
        }
        start = end + 1;
    }
    return {};
}

}  // namespace

TargetCheck check_target(const std::string& command) {
    if (command.empty()) return refuse("''", "empty command name", 127);
    std::string path = command;
    if (command.find('/') == std::string::npos) {
        bool denied = false;
        path = search_path(command, denied);
        if (path.empty()) {
            if (denied) return refuse(command, "permission denied");
            return TargetCheck{127, command,
                               "memscope: cannot run " + command + ": command not found"};
        }
    }
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return TargetCheck{127, path,
                               "memscope: cannot run " + command + ": " + std::strerror(errno)};
        return refuse(command, std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return refuse(command, "it is a directory");
    if (access(path.c_str(), X_OK) != 0) return refuse(command, "permission denied");
    if ((st.st_mode & (S_ISUID | S_ISGID)) != 0)
        return refuse(command, std::string("it is ") +
                                   ((st.st_mode & S_ISUID) != 0 ? "setuid" : "setgid") +
                                   ", and the dynamic loader ignores LD_PRELOAD for such programs");

    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return TargetCheck{0, path, {}};  // executable but unreadable: let exec decide
    unsigned char ident[EI_NIDENT] = {};
    std::string problem;
    if (read_at(fd, 0, ident, sizeof(ident)) && std::memcmp(ident, ELFMAG, SELFMAG) == 0)
        problem = elf_problem(fd, ident);
    close(fd);
    if (!problem.empty()) return refuse(command, problem);
    return TargetCheck{0, path, {}};
}

}  // namespace memscope::cli
