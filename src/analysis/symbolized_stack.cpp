#include "analysis/symbolized_stack.h"

#include <string_view>

namespace memscope::analysis {

namespace {

std::string_view base_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool is_recorder_frame(const symbols::Frame& frame) {
    return base_name(frame.module).starts_with("libmemscope");
}

std::string stack_signature(const SymbolizedStack& stack) {
    std::string sig;
    for (const auto& f : stack) {
        const symbols::Frame& s = f.symbol;
        if (!s.function.empty()) {
            sig += s.function;
            sig += '@';
            sig += s.file;
            sig += ':';
            sig += std::to_string(s.line);
        } else {
            // Unresolved frames only match the same instruction of the same module.
            sig += s.module;
            sig += '+';
            sig += std::to_string(s.module_offset);
        }
        sig += s.inlined ? ";i" : ";";
        sig += '\n';
    }
    return sig;
}

const SymbolizedStack& StackSymbolizer::stack(trace::StackId id) {
    const auto known = cache_.find(id);
    if (known != cache_.end()) return known->second;
    SymbolizedStack out;
    for (const std::uint64_t address : reader_.stack_frames(id)) {
        for (const symbols::Frame& f : frames_.resolve(address)) {
            if (is_recorder_frame(f)) continue;
            out.push_back(ResolvedFrame{address, f});
        }
    }
    return cache_.emplace(id, std::move(out)).first->second;
}

}  // namespace memscope::analysis
