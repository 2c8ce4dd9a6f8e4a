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
    *block = Block{e.size, e.tid};
    ThreadHeap& t = thread(e.tid);
    before_change(t);
    ++t.allocations;
    t.allocated_bytes += e.size;
    t.live_bytes += e.size;
    ++t.live_blocks;
    heap_bytes_ += e.size;
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
        ++freeing.frees;
        freeing.freed_bytes += block.size;
    }
    release(block);
}

void ThreadFigures::release(const Block& block) {
    ThreadHeap& owner = thread(block.tid);
    before_change(owner);
    owner.live_bytes -= block.size;
    --owner.live_blocks;
    heap_bytes_ -= block.size;
}

}  // namespace memscope::analysis
