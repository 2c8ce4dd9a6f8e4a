#include "report/text_style.h"

#include <unistd.h>

#include <cstdlib>

namespace memscope::report {

TextStyle TextStyle::for_stream(int fd) {
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return TextStyle(false);
    return TextStyle(::isatty(fd) == 1);
}

}  // namespace memscope::report
