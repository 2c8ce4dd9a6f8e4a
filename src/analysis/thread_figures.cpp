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

void ThreadFigures::on_alloc(const trace::Event& e) {
    if (e.address == 0) return;  // failed allocation
    auto [block, fresh] = blocks_.insert(e.address);
    if (!fresh) release(*block);  // its free was lost
    const SampleWeight w = weighting_.weigh(e.size, e.address, e.time_ns);
    *block = Block{w.bytes, w.blocks, e.tid};
    ThreadHeap& t = thread(e.tid);
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

void ThreadFigures::on_free(const trace::Event& e) {
    if (e.address == 0) return;
    Block block;
    if (!blocks_.erase(e.address, &block)) return;  // allocated before recording
    if (!e.from_realloc) {
        ThreadHeap& freeing = thread(e.tid);
        freeing.frees += block.blocks;
        freeing.freed_bytes += block.bytes;
    }
    release(block);
}

void ThreadFigures::release(const Block& block) {
    ThreadHeap& owner = thread(block.tid);
    before_change(owner);
    owner.live_bytes -= block.bytes;
    owner.live_blocks -= block.blocks;
    heap_bytes_ -= block.bytes;
}

}  // namespace memscope::analysis
