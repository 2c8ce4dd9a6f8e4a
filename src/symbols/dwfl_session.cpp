#include "symbols/dwfl_session.h"

#include <filesystem>
#include <system_error>

namespace memscope::symbols {

std::string debuginfo_search_path(const std::vector<std::string>& debug_dirs) {
    std::string path = ":.debug";
    for (const auto& dir : debug_dirs) {
        if (dir.empty()) continue;
        // Build-id lookups only use absolute entries; ':' would split the entry.
        std::error_code ec;
        const std::string absolute = std::filesystem::absolute(dir, ec).lexically_normal().string();
        if (ec || absolute.find(':') != std::string::npos) continue;
        path += ":" + absolute;
    }
    path += ":/usr/lib/debug";
    return path;
}

DwflSession::DwflSession(const std::vector<std::string>& debug_dirs)
    : debuginfo_path_(debuginfo_search_path(debug_dirs)) {
    debuginfo_path_ptr_ = debuginfo_path_.data();
    // Modules come from dwfl_report_elf with a path, so find_elf only serves
    // libdwfl's own needs; debug info is looked up by build-id, then by name.
    callbacks_.find_elf = dwfl_build_id_find_elf;
    callbacks_.find_debuginfo = dwfl_standard_find_debuginfo;
    callbacks_.section_address = dwfl_offline_section_address;
    callbacks_.debuginfo_path = &debuginfo_path_ptr_;
    dwfl_ = dwfl_begin(&callbacks_);
}

DwflSession::~DwflSession() {
    if (dwfl_) dwfl_end(dwfl_);
}

Dwfl_Module* DwflSession::add_module(const std::string& path, std::uint64_t load_bias,
                                     std::string* error) {
    if (!dwfl_) {
        if (error) *error = dwfl_errmsg(-1);
        return nullptr;
    }
    // Modules are added as addresses reach them, after earlier reports ended.
    dwfl_report_begin_add(dwfl_);
    // add_p_vaddr: the bias is the recorded load bias (dlpi_addr), not the
    // address of the first segment.
    Dwfl_Module* module =
        dwfl_report_elf(dwfl_, path.c_str(), path.c_str(), -1, load_bias, /*add_p_vaddr=*/true);
    if (!module && error) *error = dwfl_errmsg(-1);
    dwfl_report_end(dwfl_, nullptr, nullptr);
    return module;
}

}  // namespace memscope::symbols
