// The symbolizer's test library, seen from both sides: each entry point
// returns an address inside the library together with the source line (from
// __LINE__ at that very spot) the debug info must map it to.
#pragma once

#include <cstdint>

extern "C" {

struct SymbolsFixtureSite {
    void* return_address;  // just after a call made from within the library
    int line;              // the line of that call
};

struct SymbolsFixtureInlineChain {
    SymbolsFixtureSite innermost;  // in fixture::capture_here, inlined twice
    int middle_call_line;          // where Stepper<long>::step calls capture_here
    int outer_call_line;           // where walk_chain calls Stepper<long>::step
};

// Addresses inside fixture::Probe<int>::site(int), a template in a namespace.
SymbolsFixtureSite symbols_fixture_template_site(int tag);
std::uintptr_t symbols_fixture_template_entry();
// An address in capture_here, inlined into Stepper<long>::step, inlined into walk_chain.
SymbolsFixtureInlineChain symbols_fixture_inline_chain();
// An address inside a C-linkage function (DWARF name, no linkage name).
SymbolsFixtureSite symbols_fixture_c_site();
// The same with an assembler name, as glibc gives its internal aliases: the
// symbol is symbols_fixture_asm_label, the source name stays this one.
SymbolsFixtureSite symbols_fixture_labelled_site() __asm__("symbols_fixture_asm_label");

extern const char symbols_fixture_source[];    // __FILE__ of the library's source
extern const char symbols_fixture_build_id[];  // the build-id the library is linked with
}
