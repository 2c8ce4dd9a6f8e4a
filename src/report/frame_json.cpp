#include "report/frame_json.h"

#include <fmt/format.h>

namespace memscope::report {

nlohmann::ordered_json frame_json(const analysis::ResolvedFrame& frame) {
    const symbols::Frame& s = frame.symbol;
    return nlohmann::ordered_json{
        {"address", fmt::format("{:#x}", frame.address)},
        {"function", s.function},
        {"file", s.file},
        {"line", s.line},
        {"module", s.module},
        {"offset", s.module_offset},
        {"inlined", s.inlined},
    };
}

nlohmann::ordered_json stack_json(const analysis::SymbolizedStack& stack) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& f : stack) out.push_back(frame_json(f));
    return out;
}

}  // namespace memscope::report
