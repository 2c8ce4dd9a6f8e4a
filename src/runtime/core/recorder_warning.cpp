#include "runtime/core/recorder_warning.h"

#include <unistd.h>

#include <cstddef>

namespace memscope::runtime {

void warn_line(const char* a, const char* b, const char* c, const char* d, const char* e) {
    char line[1024];
    std::size_t n = 0;
    const char* parts[] = {"memscope: ", a, b, c, d, e};
    for (const char* part : parts) {
        for (const char* p = part; p != nullptr && *p != '\0' && n + 1 < sizeof(line); ++p)
            line[n++] = *p;
    }
    line[n++] = '\n';
    ssize_t ignored = write(STDERR_FILENO, line, n);
    (void)ignored;
}

}  // namespace memscope::runtime
