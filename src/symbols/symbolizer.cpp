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
          dwfl_modules(modules.size(), nullptr) {}

    // Checks the file behind a recorded module and hands it to libdwfl, once.
    Dwfl_Module* prepare(std::size_t i) {
        if (states[i] == State::kUsable) return dwfl_modules[i];
        if (states[i] == State::kUnusable) return nullptr;
        states[i] = State::kUnusable;
        const trace::Module& m = modules[i];

        if (!m.build_id.empty()) {
            std::string error;
            const std::optional<std::string> on_disk = read_build_id(m.path, &error);
            if (!on_disk) {
                if (is_file_path(m.path))
                    warnings.push_back(m.path + ": cannot read (" + error + "), not symbolized");
                return nullptr;
            }
            if (*on_disk != m.build_id) {
                warnings.push_back(m.path + " changed since recording (build-id " + m.build_id +
                                   " recorded, " + (on_disk->empty() ? "none" : *on_disk) +
                                   " on disk), not symbolized");
                return nullptr;
            }
        }

        // The same file at the same place (dlopen after dlclose) is one libdwfl module.
        const auto key = std::make_pair(m.path, m.load_bias);
        auto known = reported.find(key);
        Dwfl_Module* dwfl_module = nullptr;
        if (known != reported.end()) {
            dwfl_module = known->second;
        } else {
            if (!session) session = std::make_unique<DwflSession>(options.debug_dirs);
            std::string error;
            dwfl_module = session->add_module(m.path, m.load_bias, &error);
            reported.emplace(key, dwfl_module);
            if (!dwfl_module && is_file_path(m.path))
                warnings.push_back(m.path + ": cannot load (" + error + "), not symbolized");
        }
        if (!dwfl_module) return nullptr;
        states[i] = State::kUsable;
        dwfl_modules[i] = dwfl_module;
        return dwfl_module;
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
        const trace::Module& m = modules[*which];
        std::vector<Frame> frames;
        if (Dwfl_Module* dwfl_module = prepare(*which)) {
            ModuleDebugInfo& info = debug_info_of(dwfl_module);
            frames = source_frames(dwfl_module, info.index, info.names, pc);
        }
        if (frames.empty()) frames.emplace_back();
        for (Frame& f : frames) {
            f.module = m.path;
            f.module_offset = address - m.load_bias;
        }
        return frames;
    }

    std::vector<trace::Module> modules;
    SymbolizerOptions options;
    ModuleIndex index;
    std::vector<State> states;
    std::vector<Dwfl_Module*> dwfl_modules;
    std::map<std::pair<std::string, std::uint64_t>, Dwfl_Module*> reported;
    std::unordered_map<Dwfl_Module*, std::unique_ptr<ModuleDebugInfo>> debug_info;
    std::unique_ptr<DwflSession> session;  // opened when the first module needs it
    // Node-based maps: references handed out by resolve() survive later inserts.
    std::unordered_map<std::uint64_t, std::vector<Frame>> cache[2];  // [is_return_address]
    std::vector<std::string> warnings;
    std::size_t uncached_lookups = 0;
};

Symbolizer::Symbolizer(const std::vector<trace::Module>& modules, SymbolizerOptions options)
    : impl_(std::make_unique<Impl>(modules, std::move(options))) {}

Symbolizer::~Symbolizer() = default;

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
