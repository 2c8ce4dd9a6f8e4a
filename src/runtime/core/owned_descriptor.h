// A file descriptor the recorder opened inside someone else's program: moved
// to a high number (programs often close or reuse low ones) and remembered by
// device and inode, so the recorder never writes to, reads from or closes a
// descriptor number the program has since reused for a file of its own.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>

namespace memscope::runtime {

class OwnedDescriptor {
  public:
    // Above what programs usually use, below the common 1024 descriptor limit.
    static constexpr int kHighNumber = 900;

    void adopt(int fd) {
        fd_ = -1;
        if (fd < 0) return;
        const int high = fcntl(fd, F_DUPFD_CLOEXEC, kHighNumber);
        if (high >= 0) {
            close(fd);
            fd = high;
        }
        struct stat st;
        if (fstat(fd, &st) != 0) {
            close(fd);
            return;
        }
        fd_ = fd;
        device_ = st.st_dev;
        inode_ = st.st_ino;
    }

    int fd() const { return fd_; }

    bool still_ours() const {
        struct stat st;
        return fd_ >= 0 && fstat(fd_, &st) == 0 && st.st_dev == device_ && st.st_ino == inode_;
    }

    // After the program closed our descriptor: open path again and keep it if
    // it is still the same file (never a file that replaced it).
    bool reopen(const char* path, int flags) {
        const int fd = open(path, flags | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) return false;
        struct stat st;
        if (fstat(fd, &st) != 0 || st.st_dev != device_ || st.st_ino != inode_) {
            close(fd);
            return false;
        }
        const int high = fcntl(fd, F_DUPFD_CLOEXEC, kHighNumber);
        if (high >= 0) {
            close(fd);
            fd_ = high;
        } else {
            fd_ = fd;
        }
        return true;
    }

    void close_if_ours() {
        if (still_ours()) close(fd_);
        fd_ = -1;
    }

  private:
    int fd_ = -1;
    std::uint64_t device_ = 0;
    std::uint64_t inode_ = 0;
};

}  // namespace memscope::runtime
