#include "report/export_frame_name.h"

#include <fmt/format.h>

#include <string_view>

namespace memscope::report {

std::string export_frame_name(const symbols::Frame& frame) {
    if (!frame.function.empty()) return frame.function;
    if (frame.module.empty()) return fmt::format("{:#x}", frame.module_offset);
    std::string_view module = frame.module;
    const auto slash = module.rfind('/');
    if (slash != std::string_view::npos) module.remove_prefix(slash + 1);
    return fmt::format("{}+{:#x}", module, frame.module_offset);
}

}  // namespace memscope::report
