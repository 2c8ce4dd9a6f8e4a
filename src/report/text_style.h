// Terminal styling for text reports: ANSI attributes when enabled, plain text
// otherwise (not a terminal, or NO_COLOR set).
#pragma once

#include <string>
#include <string_view>

namespace memscope::report {

class TextStyle {
  public:
    explicit TextStyle(bool colour = false) : colour_(colour) {}

    // Colour only when fd is a terminal and NO_COLOR is unset or empty (no-color.org).
    static TextStyle for_stream(int fd);

    bool colour() const { return colour_; }
    std::string heading(std::string_view s) const { return wrap("\x1b[1m", s); }
    std::string emphasis(std::string_view s) const { return wrap("\x1b[1m", s); }
    std::string muted(std::string_view s) const { return wrap("\x1b[2m", s); }
    std::string warning(std::string_view s) const { return wrap("\x1b[33m", s); }

  private:
    std::string wrap(const char* code, std::string_view s) const {
        if (!colour_) return std::string(s);
        return std::string(code) + std::string(s) + "\x1b[0m";
    }
    bool colour_;
};

}  // namespace memscope::report
