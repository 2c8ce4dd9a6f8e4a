#include "report/frame_text.h"

namespace memscope::report {

std::string stack_text(const analysis::SymbolizedStack& stack, const TextStyle& style,
                       const std::string& indent) {
    if (stack.empty()) return indent + style.muted("(no stack recorded)") + "\n";
    std::string out;
    for (const auto& f : stack) {
        out += indent;
        out += f.symbol.to_string();
        if (f.symbol.inlined) out += style.muted(" (inlined)");
        out += '\n';
    }
    return out;
}

}  // namespace memscope::report
