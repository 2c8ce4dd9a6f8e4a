#include <gtest/gtest.h>

#include "analysis/allocation_site.h"

namespace memscope::analysis {
namespace {

ResolvedFrame frame(std::string function, std::string file = {}, std::string module = {}) {
    ResolvedFrame f;
    f.symbol.function = std::move(function);
    f.symbol.file = std::move(file);
    f.symbol.module = std::move(module);
    return f;
}

TEST(AllocationSite, SkipsOperatorNewAndInlinedStandardLibrary) {
    SymbolizedStack stack{
        frame("operator new(unsigned long)", "", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"),
        frame("std::__new_allocator<unsigned char>::allocate(unsigned long, void const*)",
              "/usr/include/c++/12/bits/new_allocator.h"),
        frame("void std::vector<int, std::allocator<int> >::_M_realloc_insert<int const&>(int)",
              "/usr/include/c++/12/bits/vector.tcc"),
        frame("(anonymous namespace)::load_frame", "/src/app.cpp"),
        frame("main", "/src/app.cpp"),
    };
    const auto* site = site_frame(stack);
    ASSERT_NE(site, nullptr);
    EXPECT_EQ(site->symbol.function, "(anonymous namespace)::load_frame");
}

TEST(AllocationSite, ReturnTypeDoesNotHideUserTemplates) {
    SymbolizedStack stack{frame("void app::grow<int>(int)", "/src/app.cpp")};
    EXPECT_EQ(site_frame(stack)->symbol.function, "void app::grow<int>(int)");
    EXPECT_FALSE(is_standard_library(stack[0].symbol));
}

TEST(AllocationSite, AllPlumbingFallsBackToFirstNonWrapper) {
    SymbolizedStack stack{
        frame("operator new(unsigned long)"),
        frame("std::locale::_Impl::_Impl(unsigned long)", "", "/usr/lib/libstdc++.so.6"),
        frame("std::ios_base::Init::Init()", "", "/usr/lib/libstdc++.so.6"),
    };
    EXPECT_EQ(site_frame(stack)->symbol.function, "std::locale::_Impl::_Impl(unsigned long)");
}

TEST(AllocationSite, EmptyStackHasNoSite) {
    EXPECT_EQ(site_frame(SymbolizedStack{}), nullptr);
    EXPECT_EQ(site_location(nullptr), "(no stack recorded)");
}

}  // namespace
}  // namespace memscope::analysis
