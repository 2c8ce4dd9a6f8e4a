// The pieces without files: frame text, demangling, module lookup by address.
#include <gtest/gtest.h>

#include "symbols/demangle.h"
#include "symbols/module_index.h"
#include "symbols/symbolizer.h"

namespace memscope::symbols {
namespace {

Frame frame(std::string function, std::string file, std::uint32_t line, std::string module,
            std::uint64_t offset) {
    Frame f;
    f.function = std::move(function);
    f.file = std::move(file);
    f.line = line;
    f.module = std::move(module);
    f.module_offset = offset;
    return f;
}

TEST(SymbolsFrame, ToString) {
    EXPECT_EQ(frame("ns::f(int)", "/src/a.cpp", 12, "/lib/libx.so", 0x10).to_string(),
              "ns::f(int) at /src/a.cpp:12");
    EXPECT_EQ(frame("ns::f(int)", "", 0, "/lib/libx.so", 0x10).to_string(),
              "ns::f(int) in libx.so");
    EXPECT_EQ(frame("", "", 0, "/lib/libx.so", 0x1a2b).to_string(), "libx.so+0x1a2b");
    EXPECT_EQ(frame("", "", 0, "relative.so", 0).to_string(), "relative.so+0x0");
    EXPECT_EQ(frame("", "", 0, "", 0x7fff0000abcd).to_string(), "0x7fff0000abcd");
    EXPECT_EQ(frame("main", "", 0, "", 0x400000).to_string(), "main");
    EXPECT_EQ(frame("", "/src/a.cpp", 3, "/lib/libx.so", 0x20).to_string(),
              "libx.so+0x20 at /src/a.cpp:3");
}

TEST(SymbolsFrame, Demangle) {
    EXPECT_EQ(demangle("_ZN7fixture5ProbeIiE4siteEi"), "fixture::Probe<int>::site(int)");
    EXPECT_EQ(demangle("_ZN3foo3barEv.constprop.0"), "foo::bar() [clone .constprop.0]");
    EXPECT_EQ(demangle("main"), "main");
    EXPECT_EQ(demangle("i"), "i");  // a C function named i, not the type int
    EXPECT_EQ(demangle("_Znot_a_mangled_name"), "_Znot_a_mangled_name");
    EXPECT_EQ(demangle(nullptr), "");
}

trace::Module module(std::string path, std::uint64_t bias, std::uint64_t load_time,
                     std::vector<trace::Segment> segments) {
    trace::Module m;
    m.path = std::move(path);
    m.load_bias = bias;
    m.load_time_ns = load_time;
    m.segments = std::move(segments);
    return m;
}

TEST(SymbolsFrame, ModuleIndexFindsBySegment) {
    const ModuleIndex index({
        module("/a.so", 0x10000, 0, {{0, 0x1000}, {0x2000, 0x1000}}),  // a gap in between
        module("/b.so", 0x40000, 0, {{0, 0x100}}),
        module("/huge.so", 0x100000, 0, {{0, 0x100000}}),
        module("/empty.so", 0x50000, 0, {{0, 0}}),
    });
    EXPECT_EQ(index.find(0x10000), 0u);
    EXPECT_EQ(index.find(0x10fff), 0u);
    EXPECT_EQ(index.find(0x11000), std::nullopt);  // the gap
    EXPECT_EQ(index.find(0x12000), 0u);
    EXPECT_EQ(index.find(0x13000), std::nullopt);
    EXPECT_EQ(index.find(0x400ff), 1u);
    EXPECT_EQ(index.find(0x40100), std::nullopt);
    EXPECT_EQ(index.find(0x50000), std::nullopt);
    EXPECT_EQ(index.find(0x1fffff), 2u);
    EXPECT_EQ(index.find(0x200000), std::nullopt);
    EXPECT_EQ(index.find(0), std::nullopt);
}

TEST(SymbolsFrame, ModuleIndexPrefersTheLastLoadedOfOverlappingModules) {
    const ModuleIndex index({
        module("/later.so", 0x10000, 500, {{0, 0x1000}}),
        module("/first.so", 0x10000, 100, {{0, 0x8000}}),  // spans past the later one
        module("/inside.so", 0x14000, 50, {{0, 0x100}}),
    });
    EXPECT_EQ(index.find(0x10800), 0u);
    EXPECT_EQ(index.find(0x11000), 1u);
    EXPECT_EQ(index.find(0x14010), 1u);  // first.so loaded after inside.so
    EXPECT_EQ(index.find(0x17fff), 1u);
    EXPECT_EQ(index.find(0x18000), std::nullopt);
}

}  // namespace
}  // namespace memscope::symbols
