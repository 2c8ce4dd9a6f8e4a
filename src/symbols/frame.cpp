#include <cinttypes>
#include <cstdio>

#include "symbols/symbolizer.h"

namespace memscope::symbols {
namespace {

std::string file_name_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string hex(std::uint64_t value) {
    char text[2 + 16 + 1];
    std::snprintf(text, sizeof text, "0x%" PRIx64, value);
    return text;
}

}  // namespace

std::string Frame::to_string() const {
    std::string where;
    if (!function.empty())
        where = function;
    else if (!module.empty())
        where = file_name_of(module) + "+" + hex(module_offset);
    else
        where = hex(module_offset);

    if (!file.empty()) return where + " at " + file + ":" + std::to_string(line);
    if (!function.empty() && !module.empty()) return where + " in " + file_name_of(module);
    return where;
}

}  // namespace memscope::symbols
