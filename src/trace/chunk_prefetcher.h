// Decodes a trace's chunks on worker threads, a few chunks ahead of the merge,
// and hands them out in the order the merge opens them: decompression and
// column decoding run on other cores while the merge and the analysis passes
// run on the caller's. When the workers fall behind, the caller decodes the
// next chunk nobody has taken instead of waiting. Chunks are independent (each column chunk's
// address model starts empty), so several workers each decode a chunk of their own. Memory stays
// bounded by the look-ahead, whatever the trace's length.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "trace/chunk_decoder.h"
#include "trace/chunk_index.h"
#include "trace/decoded_chunk.h"
#include "trace/trace_file.h"
#include "trace/trace_reader.h"

namespace memscope::trace {

class ChunkPrefetcher {
  public:
    // Decodes chunks[order[0]], chunks[order[1]], ... on `workers` threads,
    // with at most `ahead` chunks decoded or being decoded past the one the
    // merge takes next. With no workers, next() decodes each chunk itself. next() folds each
    // chunk's stack nodes and modules into the given tables, in order, on the caller's thread.
    ChunkPrefetcher(const TraceFile& file, const std::vector<ChunkIndexEntry>& chunks,
                    const std::vector<std::size_t>& order,
                    std::unordered_map<StackId, StackNode>& stacks, std::vector<Module>& modules,
                    std::size_t ahead, std::size_t workers);
    // Stops the workers (they may be ahead of what was taken) and waits for them.
    ~ChunkPrefetcher();
    ChunkPrefetcher(const ChunkPrefetcher&) = delete;
    ChunkPrefetcher& operator=(const ChunkPrefetcher&) = delete;

    // The next chunk in order, waiting for it if needed; null after the last
    // one, or after one that could not be loaded (nothing follows it).
    // Rethrows what a worker threw (std::bad_alloc).
    std::unique_ptr<DecodedChunk> next();
    // Hands a chunk's buffers back for reuse.
    void recycle(std::unique_ptr<DecodedChunk> chunk);

    // Workers for a machine: one per core the merge leaves (the cores this
    // process may run on), none on one core.
    static std::size_t workers_for_machine();

  private:
    void run();
    void decode_all();
    // Under the mutex: whether a chunk may be taken for decoding, and taking it.
    bool may_claim() const;
    std::unique_ptr<DecodedChunk> claim(std::size_t& rank);
    // Decodes a claimed chunk (outside the mutex) and makes it ready.
    void decode_claimed(ChunkDecoder& decoder, std::size_t rank,
                        std::unique_ptr<DecodedChunk> chunk);
    void fold_tables(DecodedChunk& chunk);

    const TraceFile& file_;
    const std::vector<ChunkIndexEntry>& chunks_;
    const std::vector<std::size_t>& order_;
    std::unordered_map<StackId, StackNode>& stacks_;
    std::vector<Module>& modules_;
    const std::size_t ahead_;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::size_t, std::unique_ptr<DecodedChunk>> ready_;  // by rank
    std::vector<std::unique_ptr<DecodedChunk>> spare_;
    std::size_t next_claim_ = 0;  // the rank the next free worker decodes
    std::size_t next_out_ = 0;    // the rank next() hands out next
    std::size_t end_rank_;        // no rank at or past it is decoded
    std::size_t running_ = 0;     // workers not yet finished
    bool stopping_ = false;       // the reader wants no more
    std::exception_ptr failure_;
    std::vector<std::thread> workers_;
    std::unique_ptr<ChunkDecoder> own_decoder_;  // next()'s, made when first needed
};

}  // namespace memscope::trace
