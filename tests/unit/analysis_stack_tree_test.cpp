#include <gtest/gtest.h>

#include "analysis/stack_tree.h"
#include "support/sample_trace.h"
#include "support/temp_dir.h"
#include "trace/trace_reader.h"

namespace memscope::analysis {
namespace {

const StackTreeNode* child_named(const StackTree& tree, const StackTreeNode& parent,
                                 const std::string& name) {
    for (const std::uint32_t c : parent.children)
        if (tree.nodes()[c].name == name) return &tree.nodes()[c];
    return nullptr;
}

class StackTreeOfSample : public ::testing::Test {
  protected:
    void SetUp() override {
        const std::string path = dir_.file("sample.mst");
        testing::write_sample_trace(path);
        trace::TraceReader reader(path);
        TracePass pass(reader.header().page_size);
        reader.read_events(pass);
        StackSymbolizer stacks(reader, frames_);
        tree_ = StackTree::build(pass, stacks, reader.header().executable);
    }

    testing::TempDir dir_;
    testing::FakeFrameSource frames_ = testing::sample_frames();
    StackTree tree_;
};

TEST_F(StackTreeOfSample, RootHoldsTheTraceTotals) {
    const StackTreeNode& root = tree_.root();
    EXPECT_EQ(root.name, "all");
    EXPECT_EQ(root.kind, FrameKind::kRoot);
    EXPECT_EQ(root.value(SiteMetric::kAllocated), 2204u);
    EXPECT_EQ(root.value(SiteMetric::kAllocations), 7u);
    EXPECT_EQ(root.value(SiteMetric::kLeaked), 1140u);
    EXPECT_EQ(root.value(SiteMetric::kPeak), 1800u);
    EXPECT_EQ(root.value(SiteMetric::kTemporary), 1u);
}

TEST_F(StackTreeOfSample, OutermostFramesFirstMergedByName) {
    const StackTreeNode& root = tree_.root();
    ASSERT_EQ(root.children.size(), 2u);  // main (two return addresses) and the stackless block
    const StackTreeNode* main = child_named(tree_, root, "main");
    ASSERT_NE(main, nullptr);
    EXPECT_EQ(main->kind, FrameKind::kProgram);
    EXPECT_EQ(main->depth, 1u);
    EXPECT_EQ(main->value(SiteMetric::kAllocated), 2004u);
    EXPECT_EQ(main->value(SiteMetric::kPeak), 1800u);

    const StackTreeNode* none = child_named(tree_, root, "(no stack recorded)");
    ASSERT_NE(none, nullptr);
    EXPECT_EQ(none->value(SiteMetric::kLeaked), 200u);

    const StackTreeNode* buffer = child_named(tree_, *main, "make_buffer");
    ASSERT_NE(buffer, nullptr);
    EXPECT_EQ(buffer->value(SiteMetric::kAllocated), 1640u);
    EXPECT_EQ(buffer->value(SiteMetric::kAllocations), 4u);
    EXPECT_EQ(buffer->value(SiteMetric::kPeak), 1500u);
    EXPECT_EQ(buffer->file, "/src/buffer.cpp");

    const StackTreeNode* helper = child_named(tree_, *buffer, "inlined_helper");
    ASSERT_NE(helper, nullptr);
    const StackTreeNode* new_frame = child_named(tree_, *helper, "operator new(unsigned long)");
    ASSERT_NE(new_frame, nullptr);
    EXPECT_EQ(new_frame->kind, FrameKind::kAllocator);
    EXPECT_EQ(new_frame->value(SiteMetric::kAllocated), 1140u);
    EXPECT_EQ(new_frame->value(SiteMetric::kLeaked), 140u);

    const StackTreeNode* unknown = child_named(tree_, *main, "libfoo.so+0x1e00");
    ASSERT_NE(unknown, nullptr);
    EXPECT_EQ(unknown->kind, FrameKind::kUnresolved);
    EXPECT_EQ(unknown->value(SiteMetric::kTemporary), 1u);
}

}  // namespace
}  // namespace memscope::analysis
