// The function behind the assembler label of hostile_names.cpp. This file is
// compiled without debug info so the symbolizer names the frame by its ELF
// symbol, markup characters included (the quotes are GNU as syntax for a
// symbol name with special characters; they are not part of the name).
#include <cstddef>
#include <cstdlib>

extern "C" __attribute__((noinline, visibility("hidden"))) void* hostile_symbol_alloc(
    std::size_t n) __asm__("\"evil<script>alert(1)</script>&amp;'q'\"");

extern "C" void* hostile_symbol_alloc(std::size_t n) {
    return std::malloc(n);
}
