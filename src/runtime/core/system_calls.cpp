#include "runtime/core/system_calls.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

namespace memscope::runtime {

void* map_anonymous(std::size_t bytes) {
    const long r = syscall(SYS_mmap, nullptr, bytes, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == -1) return nullptr;
    return reinterpret_cast<void*>(r);
}

void unmap_anonymous(void* address, std::size_t bytes) {
    if (address != nullptr) syscall(SYS_munmap, address, bytes);
}

std::uint32_t current_tid() {
    return static_cast<std::uint32_t>(syscall(SYS_gettid));
}

void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected,
                std::uint64_t timeout_ns) {
    timespec ts;
    ts.tv_sec = static_cast<time_t>(timeout_ns / 1000000000u);
    ts.tv_nsec = static_cast<long>(timeout_ns % 1000000000u);
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, &ts,
            nullptr, 0);
}

void futex_wake_all(std::atomic<std::uint32_t>& word) {
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, 0x7fffffff,
            nullptr, nullptr, 0);
}

void sleep_ns(std::uint64_t ns) {
    timespec ts;
    ts.tv_sec = static_cast<time_t>(ns / 1000000000u);
    ts.tv_nsec = static_cast<long>(ns % 1000000000u);
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

bool write_at(int fd, std::uint64_t offset, const void* first, std::size_t first_len,
              const void* second, std::size_t second_len) {
    iovec parts[2] = {{const_cast<void*>(first), first_len},
                      {const_cast<void*>(second), second_len}};
    int index = 0;
    while (index < 2) {
        if (parts[index].iov_len == 0) {
            ++index;
            continue;
        }
        const ssize_t n = pwritev(fd, parts + index, 2 - index, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        offset += static_cast<std::uint64_t>(n);
        std::size_t done = static_cast<std::size_t>(n);
        while (index < 2 && done >= parts[index].iov_len) {
            done -= parts[index].iov_len;
            parts[index].iov_len = 0;
            ++index;
        }
        if (index < 2) {
            parts[index].iov_base = static_cast<char*>(parts[index].iov_base) + done;
            parts[index].iov_len -= done;
        }
    }
    return true;
}

long read_whole(int fd, char* buffer, std::size_t capacity) {
    std::size_t total = 0;
    while (total < capacity) {
        const ssize_t n = read(fd, buffer + total, capacity - total);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) break;
        total += static_cast<std::size_t>(n);
    }
    return static_cast<long>(total);
}

}  // namespace memscope::runtime
