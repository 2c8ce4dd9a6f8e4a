#include "analysis/heap_replay.h"

#include <algorithm>

namespace memscope::analysis {

std::uint32_t HeapReplay::stack_index(trace::StackId id) {
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

void HeapReplay::on_alloc(const trace::Event& e) {
    if (e.address == 0) return;  // a failed allocation returns nothing to track
    const std::uint32_t index = stack_index(e.stack);
    auto [block, fresh] = blocks_.insert(e.address);
    // A live block at this address means its free was lost; drop it silently.
    if (!fresh) release(*block, e.address);
    *block = LiveBlock{e.size, e.time_ns, index, e.tid};
    const SampleWeight w = weighting_.weigh(e.size, e.address, e.time_ns);
    StackUsage& s = stacks_[index];
    peak_.before_change(s);
    s.live_bytes += w.bytes;
    s.live_blocks += w.blocks;
    s.allocations += w.blocks;
    s.allocated_bytes += w.bytes;
    totals_.allocation_calls += w.blocks;
    totals_.allocated_bytes += w.bytes;
    totals_.live_bytes += w.bytes;
    totals_.live_blocks += w.blocks;
    temporaries_.on_alloc(e.tid, e.address);
    peak_.after_change(totals_.live_bytes, e.time_ns);
    if (!pending_frees_.empty()) pair_with_pending_free(e);
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

void HeapReplay::on_free(const trace::Event& e) {
    if (e.address == 0) return;  // free(NULL)
    LiveBlock block;
    if (!blocks_.erase(e.address, &block)) {
        ++totals_.unknown_frees;
        if (!pending_frees_.empty() && pending_frees_.front().time_ns != e.time_ns)
            pending_frees_.clear();
        pending_frees_.push_back(e);
        pending_frees_.back().text = {};
        return;
    }
    const SampleWeight w = weighting_.weigh(block.size, e.address, block.alloc_time_ns);
    if (!e.from_realloc) totals_.free_calls += w.blocks;
    release(block, e.address);
    if (temporaries_.on_free(e.tid, block.tid, e.address, e.from_realloc)) {
        totals_.temporary_allocations += w.blocks;
        stacks_[block.stack_index].temporary += w.blocks;
    }
}

void HeapReplay::release(const LiveBlock& block, std::uint64_t address) {
    const SampleWeight w = weighting_.weigh(block.size, address, block.alloc_time_ns);
    StackUsage& s = stacks_[block.stack_index];
    peak_.before_change(s);
    s.live_bytes -= w.bytes;
    s.live_blocks -= w.blocks;
    totals_.live_bytes -= w.bytes;
    totals_.live_blocks -= w.blocks;
}

}  // namespace memscope::analysis
