#include "symbols/symbolizer.h"

#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "symbols/build_id.h"
#include "symbols/dwarf_index.h"
#include "symbols/dwfl_session.h"
#include "symbols/function_names.h"
#include "symbols/module_index.h"
#include "symbols/source_frames.h"
#include "symbols/symbol_disk_cache.h"

namespace memscope::symbols {
namespace {

// Non-absolute names ("linux-vdso.so.1", "[vdso]") were never files; saying
// they are missing would only be noise.
bool is_file_path(const std::string& path) {
    return !path.empty() && path.front() == '/';
}

}  // namespace

struct Symbolizer::Impl {
    enum class State { kUnchecked, kUsable, kUnusable };

    Impl(const std::vector<trace::Module>& recorded, SymbolizerOptions opts)
        : modules(recorded),
          options(std::move(opts)),
          index(modules),
          states(modules.size(), State::kUnchecked),
          loaded(modules.size(), false),
          dwfl_modules(modules.size(), nullptr),
          cache_keys(modules.size()) {
        if (!options.cache_dir.empty()) disk = std::make_unique<SymbolDiskCache>(options.cache_dir);
    }

    // Checks the file behind a recorded module against the recording, once.
    bool usable(std::size_t i) {
        if (states[i] != State::kUnchecked) return states[i] == State::kUsable;
        states[i] = State::kUnusable;
        const trace::Module& m = modules[i];
        if (!m.build_id.empty()) {
            std::string error;
            const std::optional<std::string> on_disk = read_build_id(m.path, &error);
            if (!on_disk) {
                if (is_file_path(m.path))
                    warnings.push_back(m.path + ": cannot read (" + error + "), not symbolized");
                return false;
            }
            if (*on_disk != m.build_id) {
                warnings.push_back(m.path + " changed since recording (build-id " + m.build_id +
                                   " recorded, " + (on_disk->empty() ? "none" : *on_disk) +
                                   " on disk), not symbolized");
                return false;
            }
        }
        states[i] = State::kUsable;
        return true;
    }

    // Hands a usable module to libdwfl, once; null when libdwfl cannot load it.
    Dwfl_Module* dwfl_module_of(std::size_t i) {
        if (loaded[i]) return dwfl_modules[i];
        loaded[i] = true;
        const trace::Module& m = modules[i];
        // The same file at the same place (dlopen after dlclose) is one libdwfl module.
        const auto key = std::make_pair(m.path, m.load_bias);
        auto known = reported.find(key);
        if (known != reported.end()) {
            dwfl_modules[i] = known->second;
            return dwfl_modules[i];
        }
        if (!session) session = std::make_unique<DwflSession>(options.debug_dirs);
        std::string error;
        Dwfl_Module* dwfl_module = session->add_module(m.path, m.load_bias, &error);
        reported.emplace(key, dwfl_module);
        if (!dwfl_module && is_file_path(m.path))
            warnings.push_back(m.path + ": cannot load (" + error + "), not symbolized");
        dwfl_modules[i] = dwfl_module;
        return dwfl_module;
    }

    // The module's key in the disk cache; null without a cache or identity.
    const std::string* cache_key_of(std::size_t i) {
        if (!disk) return nullptr;
        if (!cache_keys[i]) cache_keys[i] = module_cache_key(modules[i], options.debug_dirs);
        return cache_keys[i]->has_value() ? &**cache_keys[i] : nullptr;
    }

    // Indexes and names built up as addresses reach a module's debug info.
    struct ModuleDebugInfo {
        explicit ModuleDebugInfo(Dwfl_Module* module) : index(module) {}
        DwarfIndex index;
        FunctionNames names;
    };

    ModuleDebugInfo& debug_info_of(Dwfl_Module* dwfl_module) {
        auto& slot = debug_info[dwfl_module];
        if (!slot) slot = std::make_unique<ModuleDebugInfo>(dwfl_module);
        return *slot;
    }

    std::vector<Frame> lookup(std::uint64_t address, bool is_return_address) {
        ++uncached_lookups;
        // A return address points after the call; the call itself is one byte back.
        const std::uint64_t pc = is_return_address && address > 0 ? address - 1 : address;
        const std::optional<std::size_t> which = index.find(pc);
        if (!which) {
            Frame unknown;
            unknown.module_offset = address;
            return {unknown};
        }
        const std::size_t i = *which;
        const trace::Module& m = modules[i];
        std::vector<Frame> frames;
        if (usable(i)) frames = lookup_in_module(i, address, pc, is_return_address);
        if (frames.empty()) frames.emplace_back();
        for (Frame& f : frames) {
            f.module = m.path;
            f.module_offset = address - m.load_bias;
        }
        return frames;
    }

    // A usable module's frames for one address: from the disk cache, else
    // from the debug info (and then into the cache, unless libdwfl could not
    // load the file: its warning must come again on the next run).
    std::vector<Frame> lookup_in_module(std::size_t i, std::uint64_t address, std::uint64_t pc,
                                        bool is_return_address) {
        const std::uint64_t offset = address - modules[i].load_bias;
        const std::string* key = cache_key_of(i);
        if (key) {
            if (const std::vector<Frame>* cached = disk->find(*key, offset, is_return_address))
                return *cached;
        }
        Dwfl_Module* dwfl_module = dwfl_module_of(i);
        if (!dwfl_module) return {};
        ++debug_info_lookups;
        ModuleDebugInfo& info = debug_info_of(dwfl_module);
        std::vector<Frame> frames = source_frames(dwfl_module, info.index, info.names, pc);
        if (frames.empty()) frames.emplace_back();
        if (key) disk->store(*key, offset, is_return_address, frames);
        return frames;
    }

    std::vector<trace::Module> modules;
    SymbolizerOptions options;
    ModuleIndex index;
    std::vector<State> states;
    std::vector<bool> loaded;  // handed to libdwfl (dwfl_modules says with what result)
    std::vector<Dwfl_Module*> dwfl_modules;
    std::vector<std::optional<std::optional<std::string>>> cache_keys;  // outer: computed yet
    std::unique_ptr<SymbolDiskCache> disk;
    std::map<std::pair<std::string, std::uint64_t>, Dwfl_Module*> reported;
    std::unordered_map<Dwfl_Module*, std::unique_ptr<ModuleDebugInfo>> debug_info;
    std::unique_ptr<DwflSession> session;  // opened when the first module needs it
    // Node-based maps: references handed out by resolve() survive later inserts.
    std::unordered_map<std::uint64_t, std::vector<Frame>> cache[2];  // [is_return_address]
    std::vector<std::string> warnings;
    std::size_t uncached_lookups = 0;
    std::size_t debug_info_lookups = 0;
};

Symbolizer::Symbolizer(const std::vector<trace::Module>& modules, SymbolizerOptions options)
    : impl_(std::make_unique<Impl>(modules, std::move(options))) {}

Symbolizer::~Symbolizer() {
    save_cache();
}

void Symbolizer::save_cache() {
    if (impl_->disk) impl_->disk->save();
}

std::size_t Symbolizer::debug_info_lookups() const {
    return impl_->debug_info_lookups;
}

const std::vector<Frame>& Symbolizer::resolve(std::uint64_t address, bool is_return_address) {
    auto& cache = impl_->cache[is_return_address ? 1 : 0];
    auto hit = cache.find(address);
    if (hit != cache.end()) return hit->second;
    return cache.emplace(address, impl_->lookup(address, is_return_address)).first->second;
}

const std::vector<std::string>& Symbolizer::warnings() const {
    return impl_->warnings;
}

std::size_t Symbolizer::uncached_lookups() const {
    return impl_->uncached_lookups;
}

}  // namespace memscope::symbols
