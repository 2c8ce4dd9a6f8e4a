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
    if (pending_frees_.front().free.time_ns != alloc.time_ns) return;
    for (std::size_t i = 0; i < pending_frees_.size(); ++i) {
        const trace::Event& f = pending_frees_[i].free;
        if (f.address != alloc.address || f.tid == alloc.tid) continue;
        // The allocating thread frees this block itself within the unit: the
        // waiting free is of the address's next block.
        if (owner_frees_it_first(alloc.tid, alloc)) return;
        const trace::Event free = f;
        pending_frees_.erase(pending_frees_.begin() + static_cast<std::ptrdiff_t>(i));
        --totals_.unknown_frees;
        on_free(free);
        return;
    }
}

void HeapReplay::settle_pending_frees(std::uint64_t now_ns) {
    if (pending_frees_.front().free.time_ns == now_ns) return;
    // Within the unit another thread freed the block a deferred free was
    // deferred for: it releases what is live at its address now.
    for (const PendingFree& p : pending_frees_)
        if (p.deferred && release_live_block(p.free, true)) --totals_.unknown_frees;
    pending_frees_.clear();
}

void HeapReplay::release_for_deferred_free(const trace::Event& e) {
    for (std::size_t i = 0; i < pending_frees_.size(); ++i) {
        const PendingFree& p = pending_frees_[i];
        if (!p.deferred || p.free.address != e.address || !release_live_block(p.free, false))
            continue;
        pending_frees_.erase(pending_frees_.begin() + static_cast<std::ptrdiff_t>(i));
        --totals_.unknown_frees;
        return;
    }
}

bool HeapReplay::release_live_block(const trace::Event& free, bool any_thread) {
    if (const LiveBlock* live = blocks_.find(free.address)) {
        if (!any_thread && live->tid == free.tid) return false;
        const LiveBlock block = *live;
        blocks_.erase(free.address);
        free_block(free, block);
        return true;
    }
    return pairs_usable_ && take_paired_block_of_another_thread(free, false) == Taken::kYes;
}

HeapReplay::Taken HeapReplay::take_block(const trace::Event& e, LiveBlock& block) {
    if (e.chunk_paired && pairs_usable_ && unpaired_.erase({e.tid, e.address}) == 0) {
        block = LiveBlock{e.size, 0, stack_index(e.stack), e.tid};
        return Taken::kYes;
    }
    if (!blocks_.erase(e.address, &block)) return Taken::kNo;
    if (block.tid != e.tid && owner_frees_it_first(block.tid, e)) {
        *blocks_.insert(e.address).first = block;
        return Taken::kOwnerFreesFirst;
    }
    return Taken::kYes;
}

bool HeapReplay::owner_frees_it_first(std::uint32_t owner, const trace::Event& e) const {
    return undelivered_ != nullptr && undelivered_->frees_first_at(owner, e.address, e.time_ns);
}

HeapReplay::Taken HeapReplay::take_paired_block_of_another_thread(const trace::Event& e,
                                                                  bool check_owner) {
    // A block another thread allocated and paired with a later free of its
    // own (the address came back to it): this free takes it, and that later
    // free then looks in the table. (This thread's own pair at the address,
    // if any, is this free's: that block was taken already.)
    Taken taken = Taken::kNo;
    undelivered_->live_at(e.address, [&](const trace::Event& alloc) {
        if (taken == Taken::kYes || alloc.tid == e.tid ||
            unpaired_.count({alloc.tid, alloc.address}) != 0)
            return;
        if (check_owner && owner_frees_it_first(alloc.tid, e)) {
            taken = Taken::kOwnerFreesFirst;
            return;
        }
        taken = Taken::kYes;
        unpaired_.insert({alloc.tid, alloc.address});
        free_block(e, LiveBlock{alloc.size, alloc.time_ns, stack_index(alloc.stack), alloc.tid});
    });
    return taken;
}

void HeapReplay::on_unknown_free(const trace::Event& e, bool deferred) {
    if (pairs_usable_) {
        const Taken taken = take_paired_block_of_another_thread(e, true);
        if (taken == Taken::kYes) return;
        deferred = deferred || taken == Taken::kOwnerFreesFirst;
    }
    ++totals_.unknown_frees;
    PendingFree& p = pending_frees_.emplace_back();
    p.free = e;
    p.free.text = {};
    // Its pair, if it had one, is broken: when an allocation takes it, it
    // must find that block in the table.
    p.free.chunk_paired = false;
    p.deferred = deferred;
}

}  // namespace memscope::analysis
