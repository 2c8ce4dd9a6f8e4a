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
    // Taking a block below must not find these again.
    std::vector<PendingFree> settling;
    settling.swap(pending_frees_);
    for (const PendingFree& p : settling) {
        if (!p.deferred) continue;
        // Within the unit another thread freed the block this free was
        // deferred for: this one releases what is live at the address now.
        LiveBlock block;
        if (blocks_.erase(p.free.address, &block)) {
            --totals_.unknown_frees;
            free_block(p.free, block);
        } else if (pairs_usable_ && take_paired_block_of_another_thread(p.free, false)) {
            --totals_.unknown_frees;
        }
    }
}

void HeapReplay::release_for_deferred_free(const trace::Event& e) {
    for (std::size_t i = 0; i < pending_frees_.size(); ++i) {
        const PendingFree& p = pending_frees_[i];
        if (!p.deferred || p.free.address != e.address) continue;
        const trace::Event free = p.free;
        LiveBlock block;
        bool released = false;
        if (blocks_.erase(e.address, &block)) {
            if (block.tid == free.tid) {
                *blocks_.insert(e.address).first = block;
                continue;
            }
            free_block(free, block);
            released = true;
        } else {
            released = pairs_usable_ && take_paired_block_of_another_thread(free, false);
        }
        if (!released) continue;
        pending_frees_.erase(pending_frees_.begin() + static_cast<std::ptrdiff_t>(i));
        --totals_.unknown_frees;
        return;
    }
}

bool HeapReplay::take_block(const trace::Event& e, LiveBlock& block) {
    if (e.chunk_paired && pairs_usable_ && unpaired_.erase({e.tid, e.address}) == 0) {
        block = LiveBlock{e.size, 0, stack_index(e.stack), e.tid};
        return true;
    }
    if (!blocks_.erase(e.address, &block)) return false;
    if (block.tid != e.tid && owner_frees_it_first(block.tid, e)) {
        *blocks_.insert(e.address).first = block;
        deferred_ = true;
        return false;
    }
    return true;
}

bool HeapReplay::owner_frees_it_first(std::uint32_t owner, const trace::Event& e) const {
    return undelivered_ != nullptr && undelivered_->frees_first_at(owner, e.address, e.time_ns);
}

bool HeapReplay::take_paired_block_of_another_thread(const trace::Event& e, bool check_owner) {
    // A block another thread allocated and paired with a later free of its
    // own (the address came back to it): this free takes it, and that later
    // free then looks in the table. (This thread's own pair at the address,
    // if any, is this free's: that block was taken already.)
    bool taken = false;
    undelivered_->live_at(e.address, [&](const trace::Event& alloc) {
        if (taken || alloc.tid == e.tid || unpaired_.count({alloc.tid, alloc.address}) != 0) return;
        if (check_owner && owner_frees_it_first(alloc.tid, e)) {
            deferred_ = true;
            return;
        }
        taken = true;
        unpaired_.insert({alloc.tid, alloc.address});
        free_block(e, LiveBlock{alloc.size, alloc.time_ns, stack_index(alloc.stack), alloc.tid});
    });
    return taken;
}

void HeapReplay::on_unknown_free(const trace::Event& e) {
    if (pairs_usable_ && take_paired_block_of_another_thread(e, true)) {
        deferred_ = false;
        return;
    }
    ++totals_.unknown_frees;
    PendingFree& p = pending_frees_.emplace_back();
    p.free = e;
    p.free.text = {};
    // Its pair, if it had one, is broken: when an allocation takes it, it
    // must find that block in the table.
    p.free.chunk_paired = false;
    p.deferred = deferred_;
    deferred_ = false;
}

}  // namespace memscope::analysis
