#include "report/frame_text.h"

#include "analysis/allocation_site.h"

namespace memscope::report {

namespace {

bool is_plumbing(const analysis::ResolvedFrame& f) {
    return analysis::is_allocator_wrapper(f.symbol) || analysis::is_standard_library(f.symbol);
}

void append_frame(std::string& out, const analysis::ResolvedFrame& f, const TextStyle& style,
                  const std::string& indent) {
    out += indent;
    out += f.symbol.to_string();
    if (f.symbol.inlined) out += style.muted(" (inlined)");
    out += '\n';
}

}  // namespace

// Runs of allocator and C++ standard-library frames (operator new, std::allocator,
// container internals: often ten inlined frames above the user's line) are folded
// into one line so the user's frames stand out; JSON keeps every frame.
std::string stack_text(const analysis::SymbolizedStack& stack, const TextStyle& style,
                       const std::string& indent) {
    if (stack.empty()) return indent + style.muted("(no stack recorded)") + "\n";
    std::string out;
    for (std::size_t i = 0; i < stack.size();) {
        std::size_t run = 0;
        while (i + run < stack.size() && is_plumbing(stack[i + run])) ++run;
        if (run >= 2) {
            out += indent;
            out += style.muted("... " + std::to_string(run) +
                               " allocator and C++ standard-library frames");
            out += '\n';
            i += run;
            continue;
        }
        append_frame(out, stack[i], style, indent);
        ++i;
    }
    return out;
}

}  // namespace memscope::report
