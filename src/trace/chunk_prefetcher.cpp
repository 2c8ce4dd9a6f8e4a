#include "trace/chunk_prefetcher.h"

#include "trace/chunk_decoder.h"

namespace memscope::trace {

ChunkPrefetcher::ChunkPrefetcher(const TraceFile& file, const std::vector<ChunkIndexEntry>& chunks,
                                 const std::vector<std::size_t>& order,
                                 std::unordered_map<StackId, StackNode>& stacks,
                                 std::vector<Module>& modules, std::size_t ahead)
    : file_(file),
      chunks_(chunks),
      order_(order),
      stacks_(stacks),
      modules_(modules),
      ahead_(ahead == 0 ? 1 : ahead),
      worker_([this] { run(); }) {}

ChunkPrefetcher::~ChunkPrefetcher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    worker_.join();
}

void ChunkPrefetcher::run() {
    try {
        decode_all();
    } catch (...) {
        std::lock_guard lock(mutex_);
        failure_ = std::current_exception();
    }
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
    }
    changed_.notify_all();
}

void ChunkPrefetcher::decode_all() {
    ChunkDecoder decoder;
    for (std::size_t rank = 0; rank < order_.size(); ++rank) {
        std::unique_ptr<DecodedChunk> chunk;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stopping_ || ready_.size() < ahead_; });
            if (stopping_) return;
            if (!spare_.empty()) {
                chunk = std::move(spare_.back());
                spare_.pop_back();
            }
        }
        if (!chunk) chunk = std::make_unique<DecodedChunk>();
        decoder.decode(file_, chunks_[order_[rank]], stacks_, modules_, *chunk);
        chunk->merge_rank = rank;
        chunk->file_index = order_[rank];
        const bool unusable = !chunk->load_error.empty();
        {
            std::lock_guard lock(mutex_);
            ready_.push_back(std::move(chunk));
        }
        changed_.notify_all();
        if (unusable) return;  // the reader stops there
    }
}

std::unique_ptr<DecodedChunk> ChunkPrefetcher::next() {
    std::unique_ptr<DecodedChunk> chunk;
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
        if (ready_.empty()) {
            if (failure_) std::rethrow_exception(failure_);
            return nullptr;
        }
        chunk = std::move(ready_.front());
        ready_.pop_front();
    }
    changed_.notify_all();
    return chunk;
}

void ChunkPrefetcher::recycle(std::unique_ptr<DecodedChunk> chunk) {
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(chunk));
}

}  // namespace memscope::trace
