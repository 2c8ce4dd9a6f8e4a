// Expansion of the trace name pattern: %p is the pid of the traced process, %%
// a literal %. Shared by the recorder (no libstdc++, no allocation) and the CLI.
#pragma once

#include <cstddef>
#include <cstdint>

namespace memscope::runtime {

// Writes the expansion of pattern for pid into out (NUL-terminated); false if it
// does not fit in capacity bytes.
inline bool expand_output_pattern(const char* pattern, std::uint32_t pid, char* out,
                                  std::size_t capacity) {
    std::size_t n = 0;
    auto put = [&](char c) {
        if (n + 1 >= capacity) return false;
        out[n++] = c;
        return true;
    };
    for (const char* p = pattern; *p != '\0'; ++p) {
        if (p[0] == '%' && p[1] == 'p') {
            char digits[12];
            int d = 0;
            std::uint32_t v = pid;
            do {
                digits[d++] = static_cast<char>('0' + v % 10);
                v /= 10;
            } while (v != 0);
            while (d > 0)
                if (!put(digits[--d])) return false;
            ++p;
        } else if (p[0] == '%' && p[1] == '%') {
            if (!put('%')) return false;
            ++p;
        } else if (!put(*p)) {
            return false;
        }
    }
    if (capacity == 0) return false;
    out[n] = '\0';
    return true;
}

inline bool output_pattern_has_pid(const char* pattern) {
    for (const char* p = pattern; *p != '\0'; ++p) {
        if (p[0] == '%' && (p[1] == 'p' || p[1] == '%')) {
            if (p[1] == 'p') return true;
            ++p;
        }
    }
    return false;
}

}  // namespace memscope::runtime
