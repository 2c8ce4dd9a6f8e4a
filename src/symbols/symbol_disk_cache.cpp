#include "symbols/symbol_disk_cache.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "symbols/dwfl_session.h"

namespace memscope::symbols {

namespace {

// Bump when the symbolizer's output for the same input changes, so files
// written by older versions are no longer used.
constexpr int kSymbolizerRevision = 1;

std::string stat_text(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "absent";
    return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec);
}

std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

}  // namespace

std::string default_symbol_cache_dir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    // The XDG spec: a relative value is invalid and must be ignored.
    if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/memscope/symbols";
    const char* home = std::getenv("HOME");
    if (home != nullptr && home[0] != '\0') return std::string(home) + "/.cache/memscope/symbols";
    return {};
}

std::optional<std::string> module_cache_key(const trace::Module& module,
                                            const std::vector<std::string>& debug_dirs) {
    std::string key = "symbolizer " + std::to_string(kSymbolizerRevision) + "\n";
    const std::string file = stat_text(module.path);
    if (file == "absent") return std::nullopt;
    if (module.build_id.empty())
        key += "file " + module.path + " " + file + "\n";
    else
        key += "build-id " + module.build_id + "\n";
    const std::string search_path = debuginfo_search_path(debug_dirs);
    key += "debuginfo-path " + search_path + "\n";
    // Separate debug files found by build-id: installing or removing one
    // changes what the module resolves to.
    if (module.build_id.size() > 2) {
        const std::string tail = "/.build-id/" + module.build_id.substr(0, 2) + "/" +
                                 module.build_id.substr(2) + ".debug";
        std::size_t start = 0;
        while (start <= search_path.size()) {
            std::size_t end = search_path.find(':', start);
            if (end == std::string::npos) end = search_path.size();
            const std::string dir = search_path.substr(start, end - start);
            if (!dir.empty() && dir.front() == '/')
                key += dir + tail + " " + stat_text(dir + tail) + "\n";
            start = end + 1;
        }
    }
    const char* debuginfod = std::getenv("DEBUGINFOD_URLS");
    key += "debuginfod " + std::string(debuginfod ? debuginfod : "") + "\n";
    return key;
}

std::string SymbolDiskCache::path_for(const std::string& key) const {
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.symbols",
                  static_cast<unsigned long long>(fnv1a(key)));
    return directory_ + "/" + name;
}

SymbolDiskCache::ModuleFile& SymbolDiskCache::file_for(const std::string& key) {
    const auto [it, fresh] = files_.try_emplace(key);
    if (fresh) {
        if (auto stored = read_symbol_cache_file(path_for(key), key))
            it->second.entries = std::move(*stored);
    }
    return it->second;
}

const std::vector<Frame>* SymbolDiskCache::find(const std::string& key, std::uint64_t module_offset,
                                                bool is_return_address) {
    ModuleFile& file = file_for(key);
    const auto hit = file.entries.find(cache_entry_key(module_offset, is_return_address));
    return hit == file.entries.end() ? nullptr : &hit->second;
}

void SymbolDiskCache::store(const std::string& key, std::uint64_t module_offset,
                            bool is_return_address, const std::vector<Frame>& frames) {
    ModuleFile& file = file_for(key);
    std::vector<Frame>& slot = file.entries[cache_entry_key(module_offset, is_return_address)];
    slot = frames;
    for (Frame& f : slot) {
        f.module.clear();
        f.module_offset = 0;
    }
    file.dirty = true;
}

void SymbolDiskCache::save() {
    bool directory_made = false;
    for (auto& [key, file] : files_) {
        if (!file.dirty) continue;
        if (!directory_made) {
            std::error_code ec;
            std::filesystem::create_directories(directory_, ec);
            if (ec) return;
            directory_made = true;
        }
        const std::string path = path_for(key);
        // Another run may have added entries since this one read the file.
        if (auto stored = read_symbol_cache_file(path, key)) file.entries.merge(*stored);
        if (write_symbol_cache_file(path, key, file.entries)) file.dirty = false;
    }
}

}  // namespace memscope::symbols
