#include "analysis/heap_replay.h"

#include <algorithm>

namespace memscope::analysis {

// The stack's first allocation, or an id past the dense range.
std::uint32_t HeapReplay::first_stack_index(trace::StackId id) {
    if (id < kDenseStackIds) {
        if (id >= dense_stack_indices_.size())
            dense_stack_indices_.resize(
                std::max<std::size_t>(id + 1, 2 * dense_stack_indices_.size()), kNoStackIndex);
        std::uint32_t& index = dense_stack_indices_[id];
        if (index == kNoStackIndex) index = new_stack_index(id);
        return index;
    }
    auto [index, fresh] = stack_indices_.insert(std::uint64_t{id} + 1);
    if (fresh) *index = new_stack_index(id);
    return *index;
}

std::uint32_t HeapReplay::new_stack_index(trace::StackId id) {
    StackUsage usage;
    usage.stack = id;
    stacks_.push_back(usage);
    return static_cast<std::uint32_t>(stacks_.size() - 1);
}

void HeapReplay::pair_with_pending_free(const trace::Event& alloc) {
    if (pending_frees_.front().time_ns != alloc.time_ns) {
        pending_frees_.clear();
        return;
    }
    for (std::size_t i = 0; i < pending_frees_.size(); ++i) {
        const trace::Event& f = pending_frees_[i];
        if (f.address != alloc.address || f.tid == alloc.tid) continue;
        const trace::Event free = f;
        pending_frees_.erase(pending_frees_.begin() + static_cast<std::ptrdiff_t>(i));
        --totals_.unknown_frees;
        on_free(free);
        return;
    }
}

void HeapReplay::on_unknown_free(const trace::Event& e) {
    ++totals_.unknown_frees;
    if (!pending_frees_.empty() && pending_frees_.front().time_ns != e.time_ns)
        pending_frees_.clear();
    pending_frees_.push_back(e);
    pending_frees_.back().text = {};
}

}  // namespace memscope::analysis
