#include "runtime/core/trace_file_creation.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "runtime/core/output_pattern.h"

namespace memscope::runtime {

namespace {

constexpr int kCreateFlags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
constexpr unsigned kMaxSuffix = 10000;

int open_exclusive(const char* path) {
    int fd;
    do {
        fd = open(path, kCreateFlags, 0600);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

// Appends ".N" to base into out.
bool with_suffix(const char* base, unsigned n, char* out, std::size_t capacity) {
    std::size_t len = std::strlen(base);
    char digits[12];
    int d = 0;
    do {
        digits[d++] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n != 0);
    if (len + 1 + static_cast<std::size_t>(d) + 1 > capacity) return false;
    std::memcpy(out, base, len);
    out[len++] = '.';
    while (d > 0) out[len++] = digits[--d];
    out[len] = '\0';
    return true;
}

std::size_t format_decimal(std::uint32_t v, char* out) {
    char digits[12];
    int d = 0;
    do {
        digits[d++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    std::size_t n = 0;
    while (d > 0) out[n++] = digits[--d];
    return n;
}

}  // namespace

void create_trace_file(const char* pattern, std::uint32_t pid, bool is_root, bool force,
                       CreatedTrace& out) {
    out.fd = -1;
    out.error = 0;
    if (!expand_output_pattern(pattern, pid, out.path, sizeof(out.path))) {
        out.error = ENAMETOOLONG;
        std::size_t n = 0;
        for (; pattern[n] != '\0' && n + 1 < sizeof(out.path); ++n) out.path[n] = pattern[n];
        out.path[n] = '\0';
        return;
    }
    if (is_root) {
        if (force) {
            struct stat st;
            if (lstat(out.path, &st) == 0 && S_ISREG(st.st_mode)) unlink(out.path);
        }
        out.fd = open_exclusive(out.path);
        if (out.fd < 0) out.error = errno;
        return;
    }
    out.fd = open_exclusive(out.path);
    if (out.fd >= 0 || errno != EEXIST) {
        if (out.fd < 0) out.error = errno;
        return;
    }
    char base[kTracePathMax];
    std::memcpy(base, out.path, sizeof(base));
    for (unsigned n = 1; n < kMaxSuffix; ++n) {
        if (!with_suffix(base, n, out.path, sizeof(out.path))) {
            out.error = ENAMETOOLONG;
            return;
        }
        out.fd = open_exclusive(out.path);
        if (out.fd >= 0) return;
        if (errno != EEXIST) break;
    }
    out.error = errno;
}

void append_to_manifest(const char* manifest, std::uint32_t pid, const char* path) {
    if (manifest == nullptr || manifest[0] == '\0') return;
    char line[kTracePathMax + 32];
    std::size_t n = format_decimal(pid, line);
    line[n++] = '\t';
    const std::size_t len = std::strlen(path);
    if (n + len + 1 > sizeof(line)) return;
    std::memcpy(line + n, path, len);
    n += len;
    line[n++] = '\n';
    const int fd = open(manifest, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return;
    ssize_t ignored = write(fd, line, n);
    (void)ignored;
    close(fd);
}

}  // namespace memscope::runtime
