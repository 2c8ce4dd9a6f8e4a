// One-line messages to stderr, written with a single write(2): no stdio, no
// allocation, usable from a signal handler.
#pragma once

namespace memscope::runtime {

// Writes "memscope: " followed by the parts and a newline.
void warn_line(const char* a, const char* b = nullptr, const char* c = nullptr,
               const char* d = nullptr, const char* e = nullptr);

}  // namespace memscope::runtime
