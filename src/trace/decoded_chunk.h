// One events chunk decoded ahead of the merge: its events in record order, the
// bytes their text fields point into, and what stopped the decoding if
// anything did. Decoding a whole chunk at once (rather than record by record as
// the merge advances) lets a second thread do it while the merge runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "trace/event.h"
#include "trace/trace_tables.h"

namespace memscope::trace {

// A byte buffer that only grows, so one recycled between chunks stops
// allocating once it has seen the largest chunk.
struct RawChunk {
    std::vector<std::uint8_t> storage;
    std::size_t size = 0;
    const std::uint8_t* begin() const { return storage.data(); }
    const std::uint8_t* end() const { return storage.data() + size; }
};

// An event as a decoded chunk holds it, in a third of an Event's bytes: chunks
// decoded ahead of the merge are what the reader's memory goes to. Heap events
// without a duration (nearly all of them with compact timing) fit; any other
// event is kept whole in DecodedChunk::whole_events.
struct PackedEvent {
    static constexpr std::uint8_t kFromRealloc = 1;
    static constexpr std::uint8_t kWhole = 2;        // size is an index into whole_events
    static constexpr std::uint8_t kChunkPaired = 4;  // Event::chunk_paired

    std::uint64_t time_ns = 0;
    std::uint64_t address = 0;
    std::uint64_t size = 0;
    StackId stack = 0;
    EventKind kind = EventKind::kAlloc;
    format::AllocFunc func = format::AllocFunc::kMalloc;
    std::uint8_t flags = 0;
};
static_assert(sizeof(PackedEvent) == 32);

// A free and the allocation it releases, paired within one chunk, as
// indices into the chunk's events.
struct EventPair {
    std::uint32_t alloc;
    std::uint32_t free;
};

struct DecodedChunk {
    std::size_t merge_rank = 0;  // position in t_begin order; breaks timestamp ties
    std::size_t file_index = 0;
    std::uint32_t tid = 0;  // of every event in the chunk
    std::vector<PackedEvent> events;
    std::vector<Event> whole_events;
    // Row records that events' text points into: a row chunk's whole stream, a
    // column chunk's other records. Not resized while its events are in use.
    RawChunk rows;
    // What the chunk's records say about threads, stack nodes and modules.
    // Chunks are decoded apart from each other (on several threads), so each
    // keeps its own; the prefetcher folds them into the reader's tables in
    // chunk order, and the merge takes the thread facts.
    std::map<std::uint32_t, ThreadInfo> threads;
    std::unordered_map<StackId, StackNode> stacks;
    std::vector<Module> modules;
    std::vector<ModuleUnload> unresolved_unloads;
    // Every pair of events with Event::chunk_paired set, in the order of the frees.
    std::vector<EventPair> pairs;
    // Set when the chunk could not be decoded at all: none of it is replayed.
    std::string load_error;
    // Set when a corrupt record stopped decoding after `events`.
    std::string record_error;

    // A heap event without a duration, straight from the column walk: no
    // Event is built for the nearly all events that pack.
    void add_heap(EventKind kind, format::AllocFunc func, bool from_realloc, std::uint64_t t,
                  std::uint64_t address, std::uint64_t size, StackId stack) {
        PackedEvent& p = events.emplace_back();
        p.time_ns = t;
        p.address = address;
        p.size = size;
        p.stack = stack;
        p.kind = kind;
        p.func = func;
        p.flags = from_realloc ? PackedEvent::kFromRealloc : 0;  // pairs are linked later
    }

    void add(const Event& e) {
        PackedEvent& p = events.emplace_back();
        p.time_ns = e.time_ns;
        p.kind = e.kind;
        const bool heap = e.kind == EventKind::kAlloc || e.kind == EventKind::kFree;
        if (heap && e.duration_ns == 0) {
            p.address = e.address;
            p.size = e.size;
            p.stack = e.stack;
            p.func = e.func;
            p.flags = e.from_realloc ? PackedEvent::kFromRealloc : 0;  // pairs are linked later
        } else {
            p.size = whole_events.size();
            p.flags = PackedEvent::kWhole;
            whole_events.push_back(e);
        }
    }

    // The event as analysis passes see it. scratch holds the chunk's tid and
    // zeros in every field a packed event does not carry.
    const Event& unpack(const PackedEvent& p, Event& scratch) const {
        if (p.flags & PackedEvent::kWhole) return whole_events[p.size];
        scratch.kind = p.kind;
        scratch.func = p.func;
        scratch.from_realloc = (p.flags & PackedEvent::kFromRealloc) != 0;
        scratch.chunk_paired = (p.flags & PackedEvent::kChunkPaired) != 0;
        scratch.stack = p.stack;
        scratch.time_ns = p.time_ns;
        scratch.address = p.address;
        scratch.size = p.size;
        return scratch;
    }

    // The paired allocation of `address` made before event `next` whose free
    // comes at `next` or later, if there is one (a thread's pairs of one
    // address never overlap). The index behind it is built on the first call,
    // which only a free of an unknown block makes.
    const PackedEvent* live_paired_alloc(std::uint64_t address, std::size_t next);

    void clear() {
        pairs.clear();
        pairs_by_address_.clear();
        events.clear();
        whole_events.clear();
        rows.size = 0;
        threads.clear();
        stacks.clear();
        modules.clear();
        unresolved_unloads.clear();
        load_error.clear();
        record_error.clear();
    }

  private:
    std::vector<std::uint32_t> pairs_by_address_;  // into pairs, by (address, alloc)
};

}  // namespace memscope::trace
