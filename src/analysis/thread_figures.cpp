#include "analysis/thread_figures.h"

namespace memscope::analysis {

ThreadHeap& ThreadFigures::thread(std::uint32_t tid) {
    return threads_[tid];
}

void ThreadFigures::before_change(ThreadHeap& t) const {
    if (t.peak_epoch != epoch_) {
        t.peak_bytes = t.live_bytes;
        t.peak_epoch = epoch_;
    }
}

void ThreadFigures::on_block_allocated(const trace::Event& alloc, const SampleWeight& w) {
    ThreadHeap& t = thread(alloc.tid);
    before_change(t);
    t.allocations += w.blocks;
    t.allocated_bytes += w.bytes;
    t.live_bytes += w.bytes;
    t.live_blocks += w.blocks;
    heap_bytes_ += w.bytes;
    if (heap_bytes_ > peak_heap_bytes_) {
        peak_heap_bytes_ = heap_bytes_;
        ++epoch_;
    }
}

void ThreadFigures::on_block_released(const ReleasedBlock& block, const SampleWeight& w,
                                      const trace::Event* free) {
    if (free != nullptr && !free->from_realloc) {
        ThreadHeap& freeing = thread(free->tid);
        freeing.frees += w.blocks;
        freeing.freed_bytes += w.bytes;
    }
    ThreadHeap& owner = thread(block.owner_tid);
    before_change(owner);
    owner.live_bytes -= w.bytes;
    owner.live_blocks -= w.blocks;
    heap_bytes_ -= w.bytes;
}

}  // namespace memscope::analysis
