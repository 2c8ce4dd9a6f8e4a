// One slot per recording thread: its record stream, its current buffer (read by
// the writer), and a cache of its previous stack. Slots live in mmap'd memory and
// are reused once the writer has written a finished thread's last buffer.
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/core/event_buffer.h"
#include "runtime/core/record_stream.h"
#include "runtime/unwind/walk_memo_table.h"

namespace memscope::runtime {

inline constexpr std::uint32_t kMaxStackDepth = 64;

// The previous stack of a thread, outermost frame first, with the node ids its
// prefixes were interned as: a repeated call path costs comparisons, not lookups.
struct StackCache {
    std::uint64_t ips[kMaxStackDepth];
    std::uint32_t ids[kMaxStackDepth];
    std::uint32_t depth = 0;
};

// Nodes this thread interned recently, direct-mapped by (parent, ip): call paths
// that differ from the previous stack mostly reuse nodes seen a moment ago, and
// a hit here avoids probing the shared table (cache misses on a large table).
// Node ids never change, so entries stay valid for the life of the process.
struct NodeCache {
    static constexpr std::uint32_t kEntries = 4096;
    struct Entry {
        std::uint64_t ip;
        std::uint32_t parent;
        std::uint32_t id;  // 0 = empty
    };
    Entry entries[kEntries];
};

enum SlotStatus : std::uint32_t { kSlotFree = 0, kSlotLive = 1, kSlotRetired = 2 };

struct ThreadSlot {
    std::atomic<std::uint32_t> status{kSlotFree};
    std::atomic<EventBuffer*> current{nullptr};

    // Producer (the owning thread) only.
    RecordStream stream;
    std::uint32_t tid = 0;
    std::uint32_t index = 0;
    std::uint32_t next_seq = 0;
    StackCache stacks;
    NodeCache nodes;
    // The thread's remembered stack walks (stack_capture.cpp), each with the
    // id its stack was interned as. Kept with the slot rather than in TLS:
    // 150 KiB is too much static TLS (it comes out of every thread's stack),
    // and the ids it holds are valid exactly as long as the slot's memory (a
    // fork child maps fresh slots and starts a fresh stack table).
    unwind::WalkMemoTable walks;

    // File owner only.
    std::uint32_t next_seq_to_write = 0;
};

// Slots are mapped 32 at a time as threads appear, so a process with few
// threads reserves little address space (a slot is about 215 KiB, mostly its
// remembered walks; untouched pages cost no memory).
class ThreadRegistry {
  public:
    static constexpr std::uint32_t kMaxThreads = 8192;
    static constexpr std::uint32_t kSlotsPerChunk = 32;

    bool init();

    // A slot marked live, or nullptr when all are taken.
    ThreadSlot* claim();
    // File owner: the slot's thread is gone and its last buffer is written.
    void release(ThreadSlot* slot);

    std::uint32_t high_water() const { return high_water_.load(std::memory_order_acquire); }
    // Only for i < high_water().
    ThreadSlot& at(std::uint32_t i) {
        return chunks_[i / kSlotsPerChunk].load(std::memory_order_acquire)[i % kSlotsPerChunk];
    }

  private:
    bool ensure_chunk(std::uint32_t chunk);

    std::atomic<ThreadSlot*> chunks_[kMaxThreads / kSlotsPerChunk] = {};
    std::atomic<std::uint32_t> high_water_{0};
};

}  // namespace memscope::runtime
