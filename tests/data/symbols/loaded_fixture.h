// Test-side view of the symbolizer fixture library: loads it into the test
// process once, and describes it (and every other loaded object) as the
// recorder would, as trace::Module entries built from dl_iterate_phdr.
#pragma once

#include <dlfcn.h>
#include <link.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/symbols/symbols_fixture.h"
#include "trace/event.h"

namespace memscope::symbols::test_fixture {

inline std::string fixture_data_dir() {
    return MEMSCOPE_TEST_DATA_DIR "/symbols";
}
inline std::string fixture_library_path() {
    return fixture_data_dir() + "/libsymbols_fixture.so";
}
inline std::string stripped_fixture_path() {
    return fixture_data_dir() + "/stripped/libsymbols_fixture.so";
}
inline std::string fixture_without_aranges_path() {
    return fixture_data_dir() + "/noaranges/libsymbols_fixture.so";
}
inline std::string fixture_debug_root() {
    return fixture_data_dir() + "/debugroot";
}

// Every object loaded in this process, with load bias and PT_LOAD segments;
// build_id left empty (the recorder's "unknown"), so nothing is checked.
inline std::vector<trace::Module> loaded_modules() {
    std::vector<trace::Module> modules;
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* out) {
            trace::Module m;
            m.path = info->dlpi_name ? info->dlpi_name : "";
            m.load_bias = info->dlpi_addr;
            for (int i = 0; i < info->dlpi_phnum; ++i) {
                const auto& ph = info->dlpi_phdr[i];
                if (ph.p_type == PT_LOAD) m.segments.push_back({ph.p_vaddr, ph.p_memsz});
            }
            static_cast<std::vector<trace::Module>*>(out)->push_back(std::move(m));
            return 0;
        },
        &modules);
    return modules;
}

class LoadedFixture {
  public:
    // Loaded once for the whole test binary and never unloaded, so that the
    // addresses the tests hold stay meaningful.
    static const LoadedFixture& get() {
        static const LoadedFixture fixture;
        return fixture;
    }

    // The fixture library as recorded, with its build-id.
    trace::Module module() const {
        for (auto& m : loaded_modules())
            if (m.path == fixture_library_path()) {
                m.build_id = build_id;
                return m;
            }
        throw std::runtime_error("fixture library not in dl_iterate_phdr's list");
    }

    SymbolsFixtureSite (*template_site)(int) = nullptr;
    std::uintptr_t (*template_entry)() = nullptr;
    SymbolsFixtureInlineChain (*inline_chain)() = nullptr;
    SymbolsFixtureSite (*c_site)() = nullptr;
    SymbolsFixtureSite (*labelled_site)() = nullptr;
    std::string source;
    std::string build_id;

  private:
    LoadedFixture() {
        handle_ = dlopen(fixture_library_path().c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle_) throw std::runtime_error(dlerror());
        lookup(template_site, "symbols_fixture_template_site");
        lookup(template_entry, "symbols_fixture_template_entry");
        lookup(inline_chain, "symbols_fixture_inline_chain");
        lookup(c_site, "symbols_fixture_c_site");
        lookup(labelled_site, "symbols_fixture_asm_label");
        source = static_cast<const char*>(symbol("symbols_fixture_source"));
        build_id = static_cast<const char*>(symbol("symbols_fixture_build_id"));
    }

    void* symbol(const char* name) const {
        void* address = dlsym(handle_, name);
        if (!address) throw std::runtime_error(std::string("missing fixture symbol ") + name);
        return address;
    }

    template <typename Function>
    void lookup(Function& function, const char* name) const {
        function = reinterpret_cast<Function>(symbol(name));
    }

    void* handle_ = nullptr;
};

inline std::uint64_t address_of(const SymbolsFixtureSite& site) {
    return reinterpret_cast<std::uintptr_t>(site.return_address);
}

}  // namespace memscope::symbols::test_fixture
