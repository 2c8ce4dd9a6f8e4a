#include <gtest/gtest.h>

#include "report/frame_text.h"

namespace memscope::report {
namespace {

analysis::ResolvedFrame frame(std::string function, std::string file, std::uint32_t line) {
    analysis::ResolvedFrame f;
    f.symbol.function = std::move(function);
    f.symbol.file = std::move(file);
    f.symbol.line = line;
    return f;
}

TEST(FrameText, FoldsRunsOfLibraryFramesOnly) {
    const analysis::SymbolizedStack stack{
        frame("operator new(unsigned long)", "", 0),
        frame("std::__new_allocator<int>::allocate(unsigned long)",
              "/usr/include/c++/12/bits/new_allocator.h", 137),
        frame("std::vector<int>::vector(unsigned long)", "/usr/include/c++/12/bits/stl_vector.h",
              552),
        frame("load_frame", "/src/app.cpp", 19),
        frame("std::function<void ()>::operator()() const",
              "/usr/include/c++/12/bits/std_function.h", 591),
        frame("main", "/src/app.cpp", 63),
    };
    EXPECT_EQ(stack_text(stack, TextStyle(false), "  "),
              "  ... 3 allocator and C++ standard-library frames\n"
              "  load_frame at /src/app.cpp:19\n"
              "  std::function<void ()>::operator()() const at "
              "/usr/include/c++/12/bits/std_function.h:591\n"
              "  main at /src/app.cpp:63\n");
}

TEST(FrameText, EmptyStack) {
    EXPECT_EQ(stack_text({}, TextStyle(false), "  "), "  (no stack recorded)\n");
}

}  // namespace
}  // namespace memscope::report
