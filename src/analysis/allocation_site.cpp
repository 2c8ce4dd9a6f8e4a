#include "analysis/allocation_site.h"

#include <string_view>

namespace memscope::analysis {

namespace {

// Demangled template functions carry their return type ("void std::vector<..>::
// _M_realloc_insert<..>(..)"); the qualified name starts after the last space
// that comes before the first '<' or '('.
std::string_view qualified_name(std::string_view function) {
    const auto open = function.find_first_of("<(");
    const auto head = function.substr(0, open);
    const auto space = head.rfind(' ');
    if (space == std::string_view::npos) return function;
    return function.substr(space + 1);
}

std::string_view base_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool is_allocator_wrapper(const symbols::Frame& frame) {
    return frame.function.starts_with("operator new") ||
           frame.function.starts_with("operator delete");
}

bool is_standard_library(const symbols::Frame& frame) {
    const auto name = qualified_name(frame.function);
    if (name.starts_with("std::") || name.starts_with("__gnu_cxx::")) return true;
    if (frame.file.find("/include/c++/") != std::string::npos) return true;
    const auto module = base_name(frame.module);
    return module.starts_with("libstdc++.so") || module.starts_with("libc++.so");
}

const ResolvedFrame* site_frame(const SymbolizedStack& stack) {
    const ResolvedFrame* first_non_wrapper = nullptr;
    for (const auto& f : stack) {
        if (is_allocator_wrapper(f.symbol)) continue;
        if (!first_non_wrapper) first_non_wrapper = &f;
        if (!is_standard_library(f.symbol)) return &f;
    }
    if (first_non_wrapper) return first_non_wrapper;
    return stack.empty() ? nullptr : &stack.front();
}

std::string site_location(const ResolvedFrame* frame) {
    return frame ? frame->symbol.to_string() : std::string("(no stack recorded)");
}

}  // namespace memscope::analysis
