#include "analysis/first_fit_arena.h"

#include <algorithm>

namespace memscope::analysis {

void FirstFitArena::update(Index n) {
    Node& node = nodes_[n];
    node.largest = std::max({node.bytes, largest(node.left), largest(node.right)});
}

void FirstFitArena::split(Index t, std::uint64_t offset, Index& below, Index& rest) {
    if (t == kNone) {
        below = rest = kNone;
        return;
    }
    if (nodes_[t].offset < offset) {
        split(nodes_[t].right, offset, nodes_[t].right, rest);
        below = t;
    } else {
        split(nodes_[t].left, offset, below, nodes_[t].left);
        rest = t;
    }
    update(t);
}

FirstFitArena::Index FirstFitArena::merge(Index a, Index b) {
    if (a == kNone) return b;
    if (b == kNone) return a;
    if (nodes_[a].priority > nodes_[b].priority) {
        nodes_[a].right = merge(nodes_[a].right, b);
        update(a);
        return a;
    }
    nodes_[b].left = merge(a, nodes_[b].left);
    update(b);
    return b;
}

FirstFitArena::Index FirstFitArena::lowest_fitting(std::uint64_t bytes) const {
    Index n = root_;
    if (largest(n) < bytes) return kNone;
    for (;;) {
        const Node& node = nodes_[n];
        if (largest(node.left) >= bytes)
            n = node.left;
        else if (node.bytes >= bytes)
            return n;
        else
            n = node.right;  // its largest must hold the block: the subtree's did
    }
}

FirstFitArena::Index FirstFitArena::ending_at(std::uint64_t offset) const {
    Index found = kNone;  // the hole with the greatest offset below offset
    for (Index n = root_; n != kNone;) {
        if (nodes_[n].offset < offset) {
            found = n;
            n = nodes_[n].right;
        } else {
            n = nodes_[n].left;
        }
    }
    return found != kNone && nodes_[found].offset + nodes_[found].bytes == offset ? found : kNone;
}

FirstFitArena::Index FirstFitArena::starting_at(std::uint64_t offset) const {
    for (Index n = root_; n != kNone;) {
        if (nodes_[n].offset == offset) return n;
        n = nodes_[n].offset < offset ? nodes_[n].right : nodes_[n].left;
    }
    return kNone;
}

void FirstFitArena::insert(std::uint64_t offset, std::uint64_t bytes) {
    Index n;
    if (!unused_.empty()) {
        n = unused_.back();
        unused_.pop_back();
    } else {
        n = static_cast<Index>(nodes_.size());
        nodes_.emplace_back();
    }
    nodes_[n] = Node{offset, bytes, bytes, static_cast<std::uint32_t>(priorities_()), kNone, kNone};
    Index below;
    Index rest;
    split(root_, offset, below, rest);
    root_ = merge(merge(below, n), rest);
    hole_bytes_ += bytes;
    ++count_;
}

void FirstFitArena::erase(std::uint64_t offset) {
    Index below;
    Index rest;
    Index hole;
    Index above;
    split(root_, offset, below, rest);
    split(rest, offset + 1, hole, above);
    root_ = merge(below, above);
    if (hole == kNone) return;
    hole_bytes_ -= nodes_[hole].bytes;
    --count_;
    unused_.push_back(hole);
}

HeapArena::Placement FirstFitArena::place(std::uint64_t block_bytes) {
    const Index fit = lowest_fitting(block_bytes);
    if (fit == kNone) return place_on_top(block_bytes);
    const std::uint64_t offset = nodes_[fit].offset;
    const std::uint64_t hole_bytes = nodes_[fit].bytes;
    erase(offset);
    const std::uint64_t rest = split_rest(hole_bytes, block_bytes);
    if (rest == 0) return Placement{offset, hole_bytes};
    insert(offset + block_bytes, rest);
    return Placement{offset, block_bytes};
}

void FirstFitArena::release(const Placement& placement) {
    std::uint64_t offset = placement.offset;
    std::uint64_t bytes = placement.bytes;
    if (const Index after = starting_at(offset + bytes); after != kNone) {
        bytes += nodes_[after].bytes;
        erase(offset + placement.bytes);
    }
    if (const Index before = ending_at(offset); before != kNone) {
        const std::uint64_t before_offset = nodes_[before].offset;
        bytes += nodes_[before].bytes;
        erase(before_offset);
        offset = before_offset;
    }
    if (offset + bytes == top_) {
        top_ = offset;
        return;
    }
    insert(offset, bytes);
}

}  // namespace memscope::analysis
