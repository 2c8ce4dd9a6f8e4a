#include <gtest/gtest.h>

#include <string>

#include "callgraph/callgraph.h"
#include "callgraph/gcc_callgraph_reader.h"
#include "callgraph/worst_case_stack.h"

namespace memscope::callgraph {
namespace {

// What gcc -O1 -fcallgraph-info=su writes for a small C file (trimmed).
constexpr const char* kProgram = R"ci(graph: { title: "t.c"
node: { title: "mid" label: "mid\nt.c:4:5\n1112 bytes (static)" }
node: { title: "t.c:leaf" label: "leaf\nt.c:3:12\n200 bytes (static)" }
edge: { sourcename: "mid" targetname: "t.c:leaf" label: "t.c:4:50" }
node: { title: "rec" label: "rec\nt.c:5:5\n16 bytes (static)" }
edge: { sourcename: "rec" targetname: "rec" label: "t.c:5:29" }
node: { title: "dyn" label: "dyn\nt.c:7:5\n48 bytes (dynamic)" }
node: { title: "memset" label: "__builtin_memset\n<built-in>" shape : ellipse }
edge: { sourcename: "dyn" targetname: "memset" }
node: { title: "main" label: "main\nt.c:8:5\n32 bytes (static)" }
edge: { sourcename: "main" targetname: "mid" label: "t.c:8:54" }
node: { title: "__indirect_call" label: "Indirect Call Placeholder" shape : ellipse }
edge: { sourcename: "main" targetname: "__indirect_call" label: "t.c:8:66" }
edge: { sourcename: "main" targetname: "rec" label: "t.c:8:77" }
edge: { sourcename: "main" targetname: "dyn" label: "t.c:8:89" }
}
)ci";

Callgraph program() {
    Callgraph graph;
    read_gcc_callgraph(kProgram, "t.ci", graph);
    return graph;
}

TEST(GccCallgraphReader, ReadsFunctionsFramesAndCalls) {
    Callgraph graph = program();
    const Function* mid = graph.find("mid");
    ASSERT_NE(mid, nullptr);
    EXPECT_EQ(mid->frame_bytes, 1112u);
    EXPECT_EQ(mid->location, "t.c:4:5");
    EXPECT_EQ(mid->kind, FrameKind::kStatic);
    EXPECT_EQ(graph.find("dyn")->kind, FrameKind::kDynamic);
    EXPECT_FALSE(graph.find("memset")->frame_bytes.has_value());
    EXPECT_EQ(graph.find("memset")->location, "");
    EXPECT_TRUE(graph.find("__indirect_call")->indirect_placeholder);
    EXPECT_EQ(graph.callees("main").size(), 4u);
    graph.add_call(Call{"main", "mid", "t.c:9:1"});  // another call site of a callee
    EXPECT_EQ(graph.callees("main").size(), 4u);
    ASSERT_EQ(graph.named("leaf").size(), 1u);
    EXPECT_EQ(graph.named("leaf")[0]->id, "t.c:leaf");
}

TEST(WorstCaseStack, FollowsTheDeepestPathAndSaysWhyItIsABound) {
    const Callgraph graph = program();
    const WorstCaseStack main = worst_case_stack(graph, "main", 0);
    EXPECT_EQ(main.bytes, 32u + 1112u + 200u);
    ASSERT_EQ(main.path.size(), 3u);
    EXPECT_EQ(main.path[0].function, "main");
    EXPECT_EQ(main.path[2].function, "leaf");
    EXPECT_EQ(main.recursive, std::vector<std::string>{"rec"});
    EXPECT_EQ(main.indirect_callers, std::vector<std::string>{"main"});
    EXPECT_EQ(main.unknown_callees, std::vector<std::string>{"__builtin_memset"});
    EXPECT_EQ(main.dynamic_frames, std::vector<std::string>{"dyn"});
    EXPECT_TRUE(main.unbounded());
    const WorstCaseStack mid = worst_case_stack(graph, "mid", 128);
    EXPECT_EQ(mid.bytes, 1312u + 128u);
    EXPECT_EQ(mid.red_zone_bytes, 128u);
    EXPECT_TRUE(mid.exact());
}

TEST(WorstCaseStack, ACalleeDefinedInAnotherFileGetsItsFrame) {
    Callgraph graph;
    read_gcc_callgraph(R"ci(graph: { title: "a.c"
node: { title: "main" label: "main\na.c:1:5\n16 bytes (static)" }
node: { title: "work" label: "work\n<built-in>" shape : ellipse }
edge: { sourcename: "main" targetname: "work" }
})ci",
                       "a.ci", graph);
    read_gcc_callgraph(R"ci(graph: { title: "b.c"
node: { title: "work" label: "work\nb.c:1:5\n4096 bytes (dynamic,bounded)" }
})ci",
                       "b.ci", graph);
    const WorstCaseStack main = worst_case_stack(graph, "main", 0);
    EXPECT_EQ(main.bytes, 4112u);
    EXPECT_TRUE(main.exact());  // a bounded dynamic frame is still a bound GCC knows
}

TEST(WorstCaseStack, MutualRecursionMarksEveryFunctionOnTheCycle) {
    Callgraph graph;
    read_gcc_callgraph(R"ci(graph: { title: "r.c"
node: { title: "a" label: "a\nr.c:1:1\n10 bytes (static)" }
node: { title: "b" label: "b\nr.c:2:1\n20 bytes (static)" }
node: { title: "c" label: "c\nr.c:3:1\n30 bytes (static)" }
edge: { sourcename: "a" targetname: "b" }
edge: { sourcename: "b" targetname: "c" }
edge: { sourcename: "c" targetname: "b" }
})ci",
                       "r.ci", graph);
    const WorstCaseStack a = worst_case_stack(graph, "a", 0);
    EXPECT_EQ(a.bytes, 60u);  // one trip round the cycle: a lower bound
    EXPECT_EQ(a.recursive, (std::vector<std::string>{"b", "c"}));
}

TEST(WorstCaseStack, AChainDeeperThanAnyStackIsWalkedWithoutRecursion) {
    std::string text = "graph: { title: \"deep.c\"\n";
    constexpr int kDepth = 200000;
    for (int i = 0; i < kDepth; ++i) {
        text += "node: { title: \"f" + std::to_string(i) + "\" label: \"f" + std::to_string(i) +
                "\\nd.c:1:1\\n16 bytes (static)\" }\n";
        if (i + 1 < kDepth)
            text += "edge: { sourcename: \"f" + std::to_string(i) + "\" targetname: \"f" +
                    std::to_string(i + 1) + "\" }\n";
    }
    text += "}\n";
    Callgraph graph;
    read_gcc_callgraph(text, "deep.ci", graph);
    const WorstCaseStack s = worst_case_stack(graph, "f0", 0);
    EXPECT_EQ(s.bytes, 16u * kDepth);
    EXPECT_EQ(s.path.size(), static_cast<std::size_t>(kDepth));
    EXPECT_TRUE(s.exact());
}

TEST(GccCallgraphReader, BadInputNamesTheFileAndLine) {
    const std::pair<const char*, const char*> cases[] = {
        {"", "t.ci:1: expected graph:"},
        {"graph: { title: \"t.c\"\nnode: { label: \"x\" }\n}", "t.ci:2: node without a title"},
        {"graph: { node: { title: \"f\" label: \"f\\nf.c:1:1\\nlots of bytes\" } }",
         "no stack frame"},
        {"graph: { node: { title: \"f\" label: \"unclosed } }", "string not closed"},
        {"graph: { edge: { sourcename: \"a\" } }", "edge without"},
        {"graph: { title: \"t.c\" ", "expected node:"},
        {"graph: { } extra", "text after"},
        {"\x7f"
         "ELF",
         "unexpected character"},
    };
    for (const auto& [text, message] : cases) {
        Callgraph graph;
        try {
            read_gcc_callgraph(text, "t.ci", graph);
            ADD_FAILURE() << "no error for: " << text;
        } catch (const CallgraphError& e) {
            EXPECT_NE(std::string(e.what()).find(message), std::string::npos)
                << e.what() << " / wanted " << message;
        }
    }
    EXPECT_THROW(load_gcc_callgraphs({"/nonexistent/file.ci"}), CallgraphError);
}

}  // namespace
}  // namespace memscope::callgraph
