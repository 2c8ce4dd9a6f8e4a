#include "analysis/allocation_site.h"

namespace memscope::analysis {

bool is_allocator_wrapper(const symbols::Frame& frame) {
    return frame.function.starts_with("operator new") ||
           frame.function.starts_with("operator delete");
}

const ResolvedFrame* site_frame(const SymbolizedStack& stack) {
    for (const auto& f : stack)
        if (!is_allocator_wrapper(f.symbol)) return &f;
    return nullptr;
}

std::string site_location(const ResolvedFrame* frame) {
    return frame ? frame->symbol.to_string() : std::string("(no stack recorded)");
}

}  // namespace memscope::analysis
