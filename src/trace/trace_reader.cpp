#include "trace/trace_reader.h"

#include <algorithm>
#include <unordered_set>

#include "trace/chunk_index.h"
#include "trace/chunk_prefetcher.h"
#include "trace/decoded_chunk.h"
#include "trace/header_decoder.h"
#include "trace/trace_file.h"

namespace memscope::trace {

namespace {

// A corrupt table can make parent links loop or run absurdly deep.
constexpr std::size_t kMaxStackDepth = 1024;

// The recorder's process-wide stream is written under tid 0, which no thread has.
constexpr std::uint32_t kProcessStreamTid = 0;

// Chunks the prefetcher keeps decoded (or decoding) ahead of the merge, past
// one per worker. With one, the worker idled a third of the time on two cores
// while the merge's thread decoded (churn summary 0.27 s); two keep both
// cores busy (0.22-0.24 s). Three gained little more. How many chunks are in
// flight varies from run to run; the analyzer's fixed mmap threshold (cli
// main) keeps that from showing in its peak memory beyond a chunk's buffer.
constexpr std::size_t kChunksAheadOfWorkers = 2;

// How many events of its chunk ahead of the merge a heap event's address is
// announced to the sink (EventSink::prefetch_address): far enough for a load
// from memory to finish before the event arrives.
constexpr std::ptrdiff_t kPrefetchDistance = 16;

// Later than every event: no chunk follows, or no other chunk is open.
constexpr std::uint64_t kNoTime = ~std::uint64_t{0};

// A decoded chunk taking part in the merge, and its next event.
struct OpenChunk {
    std::unique_ptr<DecodedChunk> chunk;
    const PackedEvent* head = nullptr;
    const PackedEvent* end = nullptr;
    Event scratch{};  // unpacked events are built here
};

// What the open chunks say of events still to come (EventSink::attach_undelivered_events).
class OpenChunkEvents : public UndeliveredEvents {
  public:
    explicit OpenChunkEvents(const std::vector<std::unique_ptr<OpenChunk>>& open) : open_(open) {}
    void live_at(std::uint64_t address,
                 const std::function<void(const Event&)>& found) const override {
        for (const auto& c : open_) {
            // The chunk's events before head have been given to the sink,
            // and the one at head is being given now or comes next.
            const auto next = static_cast<std::size_t>(c->head - c->chunk->events.data());
            const PackedEvent* alloc = c->chunk->live_paired_alloc(address, next);
            if (alloc == nullptr) continue;
            Event scratch{};
            scratch.tid = c->chunk->tid;
            found(c->chunk->unpack(*alloc, scratch));
        }
    }
    bool frees_first_at(std::uint32_t tid, std::uint64_t address,
                        std::uint64_t time_ns) const override {
        // A thread may have two chunks open at a chunk boundary: the earlier
        // one's events come first.
        const OpenChunk* first = nullptr;
        bool frees = false;
        for (const auto& c : open_) {
            if (c->chunk->tid != tid) continue;
            if (first != nullptr && first->chunk->merge_rank < c->chunk->merge_rank) continue;
            const PackedEvent* e = c.get() == delivering_ ? c->head + 1 : c->head;
            for (; e < c->end && e->time_ns == time_ns; ++e) {
                if (!touches(*c->chunk, *e, address)) continue;
                first = c.get();
                frees = e->kind == EventKind::kFree;
                break;
            }
        }
        return frees;
    }

    // The chunk whose head event the sink is being given.
    void set_delivering(const OpenChunk* c) { delivering_ = c; }

  private:
    static bool touches(const DecodedChunk& chunk, const PackedEvent& e, std::uint64_t address) {
        if (e.kind != EventKind::kFree && e.kind != EventKind::kAlloc) return false;
        if (e.flags & PackedEvent::kWhole) return chunk.whole_events[e.size].address == address;
        return e.address == address;
    }

    const std::vector<std::unique_ptr<OpenChunk>>& open_;
    const OpenChunk* delivering_ = nullptr;
};

// Detaches the reader's answers from the sink however read_events ends.
class UndeliveredEventsAttachment {
  public:
    UndeliveredEventsAttachment(EventSink& sink, const UndeliveredEvents& paired) : sink_(sink) {
        sink_.attach_undelivered_events(&paired);
    }
    ~UndeliveredEventsAttachment() { sink_.attach_undelivered_events(nullptr); }
    UndeliveredEventsAttachment(const UndeliveredEventsAttachment&) = delete;
    UndeliveredEventsAttachment& operator=(const UndeliveredEventsAttachment&) = delete;

  private:
    EventSink& sink_;
};

// Min-heap on (next event time, merge rank) over the open chunks. After the top
// chunk advances only its key changed, so one sift-down restores the order.
class MergeHeap {
  public:
    bool empty() const { return items_.empty(); }
    OpenChunk* top() const { return items_.front(); }
    // The earliest next-event time among the top's children (kNoTime when it
    // has none): while the top's next event is strictly earlier, sift_down
    // would leave the top in place whatever the tie rules say.
    std::uint64_t next_time_below_top() const {
        const std::size_t n = items_.size();
        if (n < 2) return kNoTime;
        const std::uint64_t left = items_[1]->head->time_ns;
        if (n < 3) return left;
        return std::min(left, items_[2]->head->time_ns);
    }

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
    // On equal times between threads: releases first, then events that
    // neither give back nor take memory, then acquisitions. With compact timing
    // (times rounded to a unit) a block freed on one thread and handed out on
    // another within the same unit then replays in the right order, also when
    // a neutral record (a mark, what the allocator did inside a call) comes
    // before the free in its thread: it is passed and uncovers the free.
    // Which of two threads' frees of one address in one unit comes first
    // cannot be told from the times: the heap replay sorts that out, asking
    // what is still to come (UndeliveredEvents::frees_first_at).
    static int tie_order(const PackedEvent& e) {
        switch (e.kind) {
            case EventKind::kFree:
            case EventKind::kMunmap:
            case EventKind::kPoolFree:
            case EventKind::kGpuFree:
                return 0;
            case EventKind::kAlloc:
            case EventKind::kMmap:
            case EventKind::kPoolAlloc:
            case EventKind::kGpuAlloc:
                return 2;
            default:
                return 1;
        }
    }
    static bool before(const OpenChunk* a, const OpenChunk* b) {
        const PackedEvent& ea = *a->head;
        const PackedEvent& eb = *b->head;
        if (ea.time_ns != eb.time_ns) return ea.time_ns < eb.time_ns;
        // Chunks of one thread follow each other: their order is the thread's.
        if (a->chunk->tid != b->chunk->tid) {
            const int oa = tie_order(ea);
            const int ob = tie_order(eb);
            if (oa != ob) return oa < ob;
        }
        return a->chunk->merge_rank < b->chunk->merge_rank;
    }
    std::vector<OpenChunk*> items_;
};

// What a chunk's records said about threads, into the reader's table. A chunk
// of a thread gives it an entry even when it says nothing else.
void note_thread_facts(const DecodedChunk& c, std::map<std::uint32_t, ThreadInfo>& threads) {
    if (c.tid != kProcessStreamTid) threads[c.tid].tid = c.tid;
    for (const auto& [tid, facts] : c.threads) {
        ThreadInfo& t = threads[tid];
        t.tid = tid;
        if (facts.start_ns != 0) t.start_ns = facts.start_ns;
        if (facts.exit_ns != 0) t.exit_ns = facts.exit_ns;
        if (!facts.name.empty()) t.name = facts.name;
    }
}

}  // namespace

struct TraceReader::Impl {
    explicit Impl(const std::string& path) : file(path) {}
    TraceFile file;
    bool index_truncated = false;
    std::string index_reason;
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

    const std::size_t workers = decode_workers_ != kWorkersForMachine
                                    ? decode_workers_
                                    : ChunkPrefetcher::workers_for_machine();
    ChunkPrefetcher prefetcher(impl_->file, chunks_, order, stacks_, modules_,
                               workers + kChunksAheadOfWorkers, workers);
    MergeHeap heap;
    std::vector<std::unique_ptr<OpenChunk>> open;
    std::vector<std::unique_ptr<OpenChunk>> spare;
    std::size_t next_rank = 0;
    OpenChunkEvents open_events(open);
    const UndeliveredEventsAttachment attachment(sink, open_events);

    auto stop_corrupt = [&](std::size_t file_index, const std::string& why) {
        truncated_ = true;
        truncation_reason_ = "chunk " + std::to_string(file_index) + " at offset " +
                             std::to_string(chunks_[file_index].file_offset) +
                             " is corrupt: " + why;
    };
    auto close = [&](OpenChunk* c) {
        prefetcher.recycle(std::move(c->chunk));
        for (auto& p : open) {
            if (p.get() == c) {
                spare.push_back(std::move(p));
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
            const ChunkIndexEntry& entry = chunks_[order[next_rank]];
            if (!heap.empty() && entry.header.t_begin > heap.top()->head->time_ns) return true;
            std::unique_ptr<DecodedChunk> chunk = prefetcher.next();
            ++next_rank;
            if (!chunk) return false;  // only after a chunk that could not be loaded
            if (!chunk->load_error.empty()) {
                stop_corrupt(chunk->file_index, chunk->load_error);
                return false;
            }
            note_thread_facts(*chunk, threads_);
            if (chunk->events.empty()) {
                if (!chunk->record_error.empty()) {
                    stop_corrupt(chunk->file_index, chunk->record_error);
                    return false;
                }
                prefetcher.recycle(std::move(chunk));
                continue;
            }
            std::unique_ptr<OpenChunk> c;
            if (spare.empty()) {
                c = std::make_unique<OpenChunk>();
            } else {
                c = std::move(spare.back());
                spare.pop_back();
            }
            c->head = chunk->events.data();
            c->end = chunk->events.data() + chunk->events.size();
            c->scratch = Event{};
            c->scratch.tid = chunk->tid;
            c->chunk = std::move(chunk);
            heap.push(c.get());
            open.push_back(std::move(c));
        }
        return true;
    };

    while (open_due_chunks() && !heap.empty()) {
        OpenChunk* top = heap.top();
        open_events.set_delivering(top);
        // The top chunk's events earlier than every other open chunk's next
        // event and than the next chunk to open go out as a run, without
        // touching the heap: the sift-down after each of them would find the
        // top still first, and no chunk would open. Most events come in such
        // runs (churn: 83% follow one of their own chunk).
        const std::uint64_t run_end =
            std::min(heap.next_time_below_top(),
                     next_rank < order.size() ? chunks_[order[next_rank]].header.t_begin : kNoTime);
        do {
            const Event& e = top->chunk->unpack(*top->head, top->scratch);
            end_time_ns_ = std::max(end_time_ns_, e.time_ns);
            ++event_count_;
            sink.on_event(e);
            if (top->end - top->head > kPrefetchDistance) {
                const PackedEvent& later = top->head[kPrefetchDistance];
                if ((later.flags & PackedEvent::kWhole) == 0) sink.prefetch_address(later.address);
            }
        } while (++top->head != top->end && top->head->time_ns < run_end);
        if (top->head != top->end) {
            heap.sift_down();
        } else if (!top->chunk->record_error.empty()) {
            stop_corrupt(top->chunk->file_index, top->chunk->record_error);
            break;
        } else {
            heap.pop();
            close(top);
        }
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
