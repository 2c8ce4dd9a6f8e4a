// Built -g -O2 whatever the build type: the inline chain below exists only
// when the optimizer inlines, and the line checks need the debug info.
#include "symbols_fixture.h"

// The probes must stay real calls in the caller: no inlining, no cloning into
// ".constprop" copies, no tail calls (the struct return needs work after the call).
#if defined(__clang__)
#define FIXTURE_OPAQUE __attribute__((noinline))
#else
#define FIXTURE_OPAQUE __attribute__((noipa))
#endif

extern "C" FIXTURE_OPAQUE void* symbols_fixture_return_address() {
    return __builtin_return_address(0);
}

namespace fixture {

template <typename T>
struct Probe {
    FIXTURE_OPAQUE static SymbolsFixtureSite site(T) {
        return SymbolsFixtureSite{symbols_fixture_return_address(), __LINE__};  // MARK: template
    }
};

[[gnu::always_inline]] inline SymbolsFixtureSite capture_here(SymbolsFixtureInlineChain& chain,
                                                              int called_from) {
    chain.middle_call_line = called_from;
    return SymbolsFixtureSite{symbols_fixture_return_address(), __LINE__};  // MARK: innermost
}

template <typename T>
struct Stepper {
    [[gnu::always_inline]] static SymbolsFixtureSite step(SymbolsFixtureInlineChain& chain,
                                                          int called_from) {
        chain.outer_call_line = called_from;
        return capture_here(chain, __LINE__);  // MARK: middle
    }
};

FIXTURE_OPAQUE SymbolsFixtureInlineChain walk_chain() {
    SymbolsFixtureInlineChain chain{};
    chain.innermost = Stepper<long>::step(chain, __LINE__);  // MARK: outer
    return chain;
}

}  // namespace fixture

extern "C" {

const char symbols_fixture_source[] = __FILE__;
const char symbols_fixture_build_id[] = SYMBOLS_FIXTURE_BUILD_ID;

SymbolsFixtureSite symbols_fixture_template_site(int tag) {
    return fixture::Probe<int>::site(tag);
}

std::uintptr_t symbols_fixture_template_entry() {
    return reinterpret_cast<std::uintptr_t>(&fixture::Probe<int>::site);
}

SymbolsFixtureInlineChain symbols_fixture_inline_chain() {
    return fixture::walk_chain();
}

FIXTURE_OPAQUE SymbolsFixtureSite symbols_fixture_c_site() {
    return SymbolsFixtureSite{symbols_fixture_return_address(), __LINE__};  // MARK: c
}

FIXTURE_OPAQUE SymbolsFixtureSite symbols_fixture_labelled_site() {
    return SymbolsFixtureSite{symbols_fixture_return_address(), __LINE__};  // MARK: label
}
}
