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

std::vector<HeapArena::Hole> FirstFitArena::hole_list() const {
    // In order, with a stack of our own: a treap's depth is small only on average.
    std::vector<Hole> holes;
    std::vector<Index> pending;
    for (Index n = root_; n != kNone || !pending.empty();) {
        if (n != kNone) {
            pending.push_back(n);
            n = nodes_[n].left;
            continue;
        }
        n = pending.back();
        pending.pop_back();
        holes.push_back(hole(n));
        n = nodes_[n].right;
    }
    return holes;
}

std::optional<HeapArena::Hole> FirstFitArena::fitting_hole(std::uint64_t bytes) const {
    Index n = root_;
    if (largest(n) < bytes) return std::nullopt;
    for (;;) {
        const Node& node = nodes_[n];
        if (largest(node.left) >= bytes)
            n = node.left;
        else if (node.bytes >= bytes)
            return hole(n);
        else
            n = node.right;  // its largest must hold the block: the subtree's did
    }
}

std::optional<HeapArena::Hole> FirstFitArena::hole_ending_at(std::uint64_t offset) const {
    Index found = kNone;  // the hole with the greatest offset below offset
    for (Index n = root_; n != kNone;) {
        if (nodes_[n].offset < offset) {
            found = n;
            n = nodes_[n].right;
        } else {
            n = nodes_[n].left;
        }
    }
    if (found == kNone || nodes_[found].offset + nodes_[found].bytes != offset) return std::nullopt;
    return hole(found);
}

std::optional<HeapArena::Hole> FirstFitArena::hole_starting_at(std::uint64_t offset) const {
    for (Index n = root_; n != kNone;) {
        if (nodes_[n].offset == offset) return hole(n);
        n = nodes_[n].offset < offset ? nodes_[n].right : nodes_[n].left;
    }
    return std::nullopt;
}

void FirstFitArena::index_hole(const Hole& h) {
    Index n;
    if (!unused_.empty()) {
        n = unused_.back();
        unused_.pop_back();
    } else {
        n = static_cast<Index>(nodes_.size());
        nodes_.emplace_back();
    }
    nodes_[n] =
        Node{h.offset, h.bytes, h.bytes, static_cast<std::uint32_t>(priorities_()), kNone, kNone};
    Index below;
    Index rest;
    split(root_, h.offset, below, rest);
    root_ = merge(merge(below, n), rest);
}

void FirstFitArena::unindex_hole(const Hole& h) {
    Index below;
    Index rest;
    Index found;
    Index above;
    split(root_, h.offset, below, rest);
    split(rest, h.offset + 1, found, above);
    root_ = merge(below, above);
    if (found != kNone) unused_.push_back(found);
}

}  // namespace memscope::analysis
