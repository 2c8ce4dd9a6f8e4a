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

bool HeapReplay::take_block(const trace::Event& e, LiveBlock& block) {
    if (e.chunk_paired && pairs_usable_ && unpaired_.erase({e.tid, e.address}) == 0) {
        block = LiveBlock{e.size, 0, stack_index(e.stack), e.tid};
        return true;
    }
    return blocks_.erase(e.address, &block);
}

void HeapReplay::on_unknown_free(const trace::Event& e) {
    // A block another thread allocated and paired with a later free of its
    // own (the address came back to it): this free takes it, and that later
    // free then looks in the table. (This thread's own pair at the address,
    // if any, is this free's: that block was taken already.)
    if (pairs_usable_) {
        bool taken = false;
        paired_->live_at(e.address, [&](const trace::Event& alloc) {
            if (taken || alloc.tid == e.tid || unpaired_.count({alloc.tid, alloc.address}) != 0)
                return;
            taken = true;
            unpaired_.insert({alloc.tid, alloc.address});
            free_block(e,
                       LiveBlock{alloc.size, alloc.time_ns, stack_index(alloc.stack), alloc.tid});
        });
        if (taken) return;
    }
    ++totals_.unknown_frees;
    if (!pending_frees_.empty() && pending_frees_.front().time_ns != e.time_ns)
        pending_frees_.clear();
    pending_frees_.push_back(e);
    pending_frees_.back().text = {};
    // Its pair, if it had one, is broken: when an allocation takes it, it
    // must find that block in the table.
    pending_frees_.back().chunk_paired = false;
}

}  // namespace memscope::analysis
