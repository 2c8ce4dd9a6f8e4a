#include "trace/trace_reader.h"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "trace/chunk_cursor.h"
#include "trace/chunk_decompressor.h"
#include "trace/chunk_index.h"
#include "trace/header_decoder.h"
#include "trace/trace_file.h"

namespace memscope::trace {

namespace {

// A corrupt table can make parent links loop or run absurdly deep.
constexpr std::size_t kMaxStackDepth = 1024;

// A chunk taking part in the merge: its decompressed records and a cursor on them.
struct OpenChunk {
    std::size_t merge_rank = 0;  // position in t_begin order; breaks timestamp ties
    std::size_t file_index = 0;
    RawChunk raw;
    std::optional<ChunkCursor> cursor;
};

// Min-heap on (next event time, merge rank) over the open chunks. After the top
// chunk advances only its key changed, so one sift-down restores the order.
class MergeHeap {
  public:
    bool empty() const { return items_.empty(); }
    OpenChunk* top() const { return items_.front(); }

    void push(OpenChunk* c) {
        items_.push_back(c);
        std::size_t i = items_.size() - 1;
        while (i > 0) {
            const std::size_t parent = (i - 1) / 2;
            if (!before(items_[i], items_[parent])) break;
            std::swap(items_[i], items_[parent]);
            i = parent;
        }
    }
    void pop() {
        items_.front() = items_.back();
        items_.pop_back();
        sift_down();
    }
    void sift_down() {
        const std::size_t n = items_.size();
        std::size_t i = 0;
        for (;;) {
            const std::size_t left = 2 * i + 1;
            if (left >= n) return;
            std::size_t child = left;
            if (left + 1 < n && before(items_[left + 1], items_[left])) child = left + 1;
            if (!before(items_[child], items_[i])) return;
            std::swap(items_[i], items_[child]);
            i = child;
        }
    }

  private:
    // On equal times releases go first: with compact timing (times rounded
    // down to a unit) a block freed on one thread and handed out on another
    // within the same unit then replays in the right order.
    static bool releases(const Event& e) {
        return e.kind == EventKind::kFree || e.kind == EventKind::kMunmap;
    }
    static bool before(const OpenChunk* a, const OpenChunk* b) {
        const Event& ea = a->cursor->event();
        const Event& eb = b->cursor->event();
        if (ea.time_ns != eb.time_ns) return ea.time_ns < eb.time_ns;
        // Chunks of one thread follow each other: their order is the thread's.
        if (ea.tid != eb.tid) {
            const bool ra = releases(ea);
            if (ra != releases(eb)) return ra;
        }
        return a->merge_rank < b->merge_rank;
    }
    std::vector<OpenChunk*> items_;
};

}  // namespace

struct TraceReader::Impl {
    explicit Impl(const std::string& path) : file(path) {}
    TraceFile file;
    ChunkDecompressor decompressor;
    bool index_truncated = false;
    std::string index_reason;
    std::vector<std::unique_ptr<OpenChunk>> spare;  // recycled so buffers are reused
};

TraceReader::TraceReader(const std::string& path) : impl_(std::make_unique<Impl>(path)) {
    DecodedHeader decoded = decode_header(impl_->file);
    header_ = std::move(decoded.header);
    ChunkIndex index = scan_chunk_index(impl_->file, decoded.size);
    chunks_ = std::move(index.chunks);
    impl_->index_truncated = !index.ended_cleanly;
    impl_->index_reason = std::move(index.truncation_reason);
    truncated_ = impl_->index_truncated;
    truncation_reason_ = impl_->index_reason;
}

TraceReader::~TraceReader() = default;

void TraceReader::read_events(EventSink& sink) {
    stacks_.clear();
    modules_.clear();
    threads_.clear();
    truncated_ = impl_->index_truncated;
    truncation_reason_ = impl_->index_reason;
    end_time_ns_ = 0;
    event_count_ = 0;

    std::vector<std::size_t> order;
    order.reserve(chunks_.size());
    for (std::size_t i = 0; i < chunks_.size(); ++i)
        if (chunks_[i].header.raw_size > 0) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return chunks_[a].header.t_begin < chunks_[b].header.t_begin;
    });

    TraceTables tables{stacks_, modules_, threads_};
    MergeHeap heap;
    std::vector<std::unique_ptr<OpenChunk>> open;
    std::size_t next_rank = 0;

    auto stop_corrupt = [&](std::size_t file_index, const std::string& why) {
        truncated_ = true;
        truncation_reason_ = "chunk " + std::to_string(file_index) + " at offset " +
                             std::to_string(chunks_[file_index].file_offset) +
                             " is corrupt: " + why;
    };
    auto recycle = [&](OpenChunk* c) {
        c->cursor.reset();
        for (auto& p : open) {
            if (p.get() == c) {
                impl_->spare.push_back(std::move(p));
                p = std::move(open.back());
                open.pop_back();
                break;
            }
        }
    };
    // Opens chunks until the next one starts after the merge frontier. Returns
    // false when a chunk turned out to be corrupt.
    auto open_due_chunks = [&]() {
        while (next_rank < order.size()) {
            const std::size_t fi = order[next_rank];
            const ChunkIndexEntry& entry = chunks_[fi];
            if (!heap.empty() && entry.header.t_begin > heap.top()->cursor->event().time_ns)
                return true;
            std::unique_ptr<OpenChunk> c;
            if (impl_->spare.empty()) {
                c = std::make_unique<OpenChunk>();
            } else {
                c = std::move(impl_->spare.back());
                impl_->spare.pop_back();
            }
            c->merge_rank = next_rank++;
            c->file_index = fi;
            std::string error;
            if (!impl_->decompressor.load(impl_->file, entry, c->raw, error)) {
                impl_->spare.push_back(std::move(c));
                stop_corrupt(fi, error);
                return false;
            }
            c->cursor.emplace(c->raw.begin(), c->raw.end(), entry.header, tables);
            const ChunkCursor::Status s = c->cursor->advance();
            if (s == ChunkCursor::Status::kCorrupt) {
                stop_corrupt(fi, c->cursor->error());
                impl_->spare.push_back(std::move(c));
                return false;
            }
            if (s == ChunkCursor::Status::kEnd) {
                c->cursor.reset();
                impl_->spare.push_back(std::move(c));
                continue;
            }
            heap.push(c.get());
            open.push_back(std::move(c));
        }
        return true;
    };

    while (open_due_chunks() && !heap.empty()) {
        OpenChunk* top = heap.top();
        const Event& e = top->cursor->event();
        end_time_ns_ = std::max(end_time_ns_, e.time_ns);
        ++event_count_;
        sink.on_event(e);
        const ChunkCursor::Status s = top->cursor->advance();
        if (s == ChunkCursor::Status::kEvent) {
            heap.sift_down();
        } else if (s == ChunkCursor::Status::kEnd) {
            heap.pop();
            recycle(top);
        } else {
            stop_corrupt(top->file_index, top->cursor->error());
            break;
        }
    }
    for (auto& c : open) {
        c->cursor.reset();
        impl_->spare.push_back(std::move(c));
    }
}

std::vector<std::uint64_t> TraceReader::stack_frames(StackId id) const {
    std::vector<std::uint64_t> frames;
    std::unordered_set<StackId> seen;
    while (id != 0 && frames.size() < kMaxStackDepth) {
        if (!seen.insert(id).second) break;
        const auto it = stacks_.find(id);
        if (it == stacks_.end()) break;
        frames.push_back(it->second.ip);
        id = it->second.parent;
    }
    return frames;
}

}  // namespace memscope::trace
