// Text from a trace (function and file names, command lines) placed inside
// XML, SVG or HTML: it must stay text. Every markup character is escaped,
// characters XML forbids are dropped, and invalid UTF-8 becomes U+FFFD so the
// document stays well-formed whatever bytes a symbol name holds.
#pragma once

#include <string>
#include <string_view>

namespace memscope::report {

// For element content and attribute values (single or double quoted).
std::string markup_escape(std::string_view text);

// Replaces invalid UTF-8 sequences with U+FFFD; valid input is returned as is.
std::string valid_utf8(std::string_view text);

}  // namespace memscope::report
