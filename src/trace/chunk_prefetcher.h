// Decodes a trace's chunks on a worker thread, in the order the merge will
// open them, a few chunks ahead of it: decompression and column decoding then
// run on a second core while the merge and the analysis passes run on the
// first. Memory stays bounded by the look-ahead, whatever the trace's length.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "trace/decoded_chunk.h"
#include "trace/trace_file.h"
#include "trace/trace_reader.h"

namespace memscope::trace {

class ChunkPrefetcher {
  public:
    // Decodes chunks[order[0]], chunks[order[1]], ... with at most `ahead`
    // decoded chunks waiting. The worker writes stack nodes and modules into
    // the given tables: read them only once the prefetcher is destroyed.
    ChunkPrefetcher(const TraceFile& file, const std::vector<ChunkIndexEntry>& chunks,
                    const std::vector<std::size_t>& order,
                    std::unordered_map<StackId, StackNode>& stacks, std::vector<Module>& modules,
                    std::size_t ahead);
    // Stops the worker (it may be ahead of what was taken) and waits for it.
    ~ChunkPrefetcher();
    ChunkPrefetcher(const ChunkPrefetcher&) = delete;
    ChunkPrefetcher& operator=(const ChunkPrefetcher&) = delete;

    // The next chunk in order, waiting for it if needed; null after the last
    // one, or after one that could not be loaded (nothing follows it).
    // Rethrows what the worker threw (std::bad_alloc).
    std::unique_ptr<DecodedChunk> next();
    // Hands a chunk's buffers back for reuse.
    void recycle(std::unique_ptr<DecodedChunk> chunk);

  private:
    void run();
    void decode_all();

    const TraceFile& file_;
    const std::vector<ChunkIndexEntry>& chunks_;
    const std::vector<std::size_t>& order_;
    std::unordered_map<StackId, StackNode>& stacks_;
    std::vector<Module>& modules_;
    const std::size_t ahead_;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::unique_ptr<DecodedChunk>> ready_;
    std::vector<std::unique_ptr<DecodedChunk>> spare_;
    bool finished_ = false;  // the worker decoded its last chunk
    bool stopping_ = false;  // the reader wants no more
    std::exception_ptr failure_;
    std::thread worker_;
};

}  // namespace memscope::trace
