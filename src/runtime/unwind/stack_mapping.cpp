#include "runtime/unwind/stack_mapping.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace memscope::unwind {

namespace {

__thread AddressRange tls_stack_range __attribute__((tls_model("initial-exec")));
__thread bool tls_stack_range_known __attribute__((tls_model("initial-exec")));

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Each line starts "BEGIN-END "; the rest of the line is skipped, however long.
class MapsLineScanner {
  public:
    explicit MapsLineScanner(std::uintptr_t address) : address_(address) {}

    // False once the mapping is found.
    bool feed(char c) {
        if (state_ == State::kSkipLine) {
            if (c == '\n') start_line();
            return true;
        }
        const int digit = hex_digit(c);
        if (digit >= 0) {
            std::uintptr_t& field = state_ == State::kBegin ? begin_ : end_;
            field = (field << 4) | static_cast<unsigned>(digit);
            return true;
        }
        if (state_ == State::kBegin && c == '-') {
            state_ = State::kEnd;
            return true;
        }
        if (state_ == State::kEnd && address_ >= begin_ && address_ < end_) return false;
        state_ = c == '\n' ? State::kBegin : State::kSkipLine;
        if (c == '\n') start_line();
        return true;
    }

    AddressRange found() const { return AddressRange{begin_, end_}; }

  private:
    enum class State { kBegin, kEnd, kSkipLine };

    void start_line() {
        state_ = State::kBegin;
        begin_ = 0;
        end_ = 0;
    }

    std::uintptr_t address_;
    State state_ = State::kBegin;
    std::uintptr_t begin_ = 0;
    std::uintptr_t end_ = 0;
};

}  // namespace

AddressRange mapping_containing(std::uintptr_t address) {
    const long fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    MapsLineScanner scanner(address);
    char buffer[512];
    AddressRange result;
    for (;;) {
        const long n = syscall(SYS_read, fd, buffer, sizeof(buffer));
        if (n <= 0) break;
        bool found = false;
        for (long i = 0; i < n && !found; ++i) found = !scanner.feed(buffer[i]);
        if (found) {
            result = scanner.found();
            break;
        }
    }
    syscall(SYS_close, fd);
    return result;
}

AddressRange thread_stack_range(std::uintptr_t current_sp) {
    if (!tls_stack_range_known) {
        tls_stack_range = mapping_containing(current_sp);
        tls_stack_range_known = true;
    }
    return tls_stack_range;
}

}  // namespace memscope::unwind
