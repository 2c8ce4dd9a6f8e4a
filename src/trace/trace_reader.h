// Streaming reader of one trace file: header, chunk index, time-ordered merge of
// the per-thread record streams. The only code that decodes trace bytes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "format/file_layout.h"
#include "trace/event.h"

namespace memscope::trace {

// Thrown for input that is not a readable trace at all (missing file, wrong
// magic, unsupported version, corrupt header). Damage after the header is not an
// error: the reader stops at the last intact chunk and reports truncated().
class TraceError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct TraceHeader {
    std::uint16_t version_major = 0;
    std::uint16_t version_minor = 0;
    std::uint32_t pid = 0;
    std::uint32_t ppid = 0;
    std::int32_t rank = -1;
    std::uint32_t page_size = 0;
    format::RecordMode mode = format::RecordMode::kFull;
    std::uint64_t sample_rate_bytes = 0;
    std::uint64_t start_monotonic_ns = 0;
    std::uint64_t start_realtime_ns = 0;
    // Event times are multiples of this (1 = exact ns). Frees were rounded down
    // and allocations up, so equal times do not tell which came first.
    std::uint64_t time_resolution_ns = 1;
    std::string hostname;
    std::string executable;
    std::vector<std::string> command_line;
};

struct ChunkIndexEntry {
    std::uint64_t file_offset = 0;  // of the chunk header
    format::ChunkHeader header{};
};

class TraceReader {
  public:
    // Opens the file, validates the header and scans the chunk index.
    explicit TraceReader(const std::string& path);
    ~TraceReader();
    TraceReader(const TraceReader&) = delete;
    TraceReader& operator=(const TraceReader&) = delete;

    const TraceHeader& header() const { return header_; }
    const std::vector<ChunkIndexEntry>& chunks() const { return chunks_; }

    // Decodes every chunk and calls sink.on_event for each event in timestamp
    // order across threads. Stack nodes, modules and thread names are collected
    // into the tables below as a side effect. Can be called more than once.
    void read_events(EventSink& sink);
    // Threads that decode chunks ahead of the merge; 0 decodes each chunk on
    // the merge's thread when it is due. Without a call: one per core the
    // merge leaves (ChunkPrefetcher::workers_for_machine). Events and tables
    // come out the same for any number.
    void set_decode_workers(std::size_t workers) { decode_workers_ = workers; }

    // Complete after read_events().
    const std::unordered_map<StackId, StackNode>& stacks() const { return stacks_; }
    const std::vector<Module>& modules() const { return modules_; }
    const std::map<std::uint32_t, ThreadInfo>& threads() const { return threads_; }

    // Frames of a stack, innermost first (the allocation call site first).
    std::vector<std::uint64_t> stack_frames(StackId id) const;

    // True when the file ends without the end-of-trace chunk, or a damaged chunk
    // stopped reading early; truncation_reason() says which.
    bool truncated() const { return truncated_; }
    const std::string& truncation_reason() const { return truncation_reason_; }
    std::uint64_t end_time_ns() const { return end_time_ns_; }  // last event seen
    std::uint64_t event_count() const { return event_count_; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    TraceHeader header_;
    std::vector<ChunkIndexEntry> chunks_;
    std::unordered_map<StackId, StackNode> stacks_;
    std::vector<Module> modules_;
    std::map<std::uint32_t, ThreadInfo> threads_;
    bool truncated_ = false;
    std::string truncation_reason_;
    std::uint64_t end_time_ns_ = 0;
    std::uint64_t event_count_ = 0;
    static constexpr std::size_t kWorkersForMachine = ~std::size_t{0};
    std::size_t decode_workers_ = kWorkersForMachine;
};

}  // namespace memscope::trace
