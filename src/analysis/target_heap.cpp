#include "analysis/target_heap.h"

#include <algorithm>
#include <utility>

namespace memscope::analysis {

TargetHeap::TargetHeap(AllocatorModel model)
    : model_(std::move(model)),
      arena_(make_heap_arena(model_.placement, model_.split_threshold())),
      mmap_threshold_(model_.mmap_threshold) {}

void TargetHeap::on_block_allocated(const trace::Event& alloc, const SampleWeight&) {
    Held held;
    held.requested = alloc.size;
    held.stack = alloc.stack;
    const std::uint64_t block_bytes = model_.block_bytes(alloc.size);
    if (mmap_threshold_ != 0 && block_bytes >= mmap_threshold_) {
        held.mapped = true;
        held.placement.bytes = model_.mapped_bytes(alloc.size);
        now_.mapped_bytes += held.placement.bytes;
        ++mapped_blocks_;
    } else {
        held.placement = arena_->place(block_bytes);
        now_.block_bytes += held.placement.bytes;
    }
    // The replay released any block it still had at this address first, so
    // the slot is free.
    *held_.insert(alloc.address).first = held;
    StackFootprint& s = stack_before_change(alloc.stack);
    ++s.blocks;
    s.requested += alloc.size;
    s.footprint += held.placement.bytes;
    now_.requested_bytes += alloc.size;
    ++now_.blocks;
    now_.time_ns = alloc.time_ns;
    ++now_.allocations;
    if (now_.allocations == keep_holes_after_) kept_holes_ = arena_->hole_list();
    if (now_.requested_bytes > requested_peak_.requested_bytes) requested_peak_ = now();
    if (now_.footprint() > footprint_peak_.footprint()) {
        footprint_peak_ = now();
        ++epoch_;
    }
    const std::uint64_t memory = arena_->top() + now_.mapped_bytes;
    if (memory > memory_peak_.memory()) memory_peak_ = now();
    if (heap_limit_ != 0 && !overflow_ && memory > heap_limit_)
        overflow_ = HeapOverflow{alloc.time_ns, alloc.size, memory, alloc.tid, alloc.stack};
}

void TargetHeap::on_block_released(const ReleasedBlock& block, const SampleWeight&,
                                   const trace::Event* free) {
    Held held;
    if (!held_.erase(block.address, &held)) return;
    if (held.mapped) {
        now_.mapped_bytes -= held.placement.bytes;
        // glibc keeps blocks of a freed mapping's size in the arena from then on.
        if (model_.mmap_threshold_max != 0 && held.placement.bytes > mmap_threshold_ &&
            held.placement.bytes <= model_.mmap_threshold_max)
            mmap_threshold_ = held.placement.bytes;
    } else {
        arena_->release(held.placement);
        now_.block_bytes -= held.placement.bytes;
    }
    StackFootprint& s = stack_before_change(held.stack);
    --s.blocks;
    s.requested -= held.requested;
    s.footprint -= held.placement.bytes;
    now_.requested_bytes -= held.requested;
    --now_.blocks;
    if (free != nullptr) now_.time_ns = free->time_ns;
}

TargetHeap::StackFootprint& TargetHeap::stack_before_change(trace::StackId stack) {
    StackFootprint& s = stacks_[stack];
    if (s.epoch != epoch_) {
        s.peak_blocks = s.blocks;
        s.peak_requested = s.requested;
        s.peak_footprint = s.footprint;
        s.epoch = epoch_;
    }
    return s;
}

std::vector<TargetStackAtPeak> TargetHeap::stacks_at_footprint_peak() const {
    std::vector<TargetStackAtPeak> out;
    for (const auto& [stack, s] : stacks_) {
        const bool changed_since = s.epoch == epoch_;
        TargetStackAtPeak at{stack, changed_since ? s.peak_blocks : s.blocks,
                             changed_since ? s.peak_requested : s.requested,
                             changed_since ? s.peak_footprint : s.footprint};
        if (at.blocks != 0) out.push_back(at);
    }
    std::sort(out.begin(), out.end(), [](const TargetStackAtPeak& a, const TargetStackAtPeak& b) {
        if (a.overhead_bytes() != b.overhead_bytes())
            return a.overhead_bytes() > b.overhead_bytes();
        return a.stack < b.stack;
    });
    return out;
}

TargetHeapMoment TargetHeap::now() const {
    TargetHeapMoment m = now_;
    m.arena_bytes = arena_->top();
    m.hole_bytes = arena_->hole_bytes();
    m.holes = arena_->holes();
    m.largest_hole = arena_->largest_hole();
    return m;
}

}  // namespace memscope::analysis
