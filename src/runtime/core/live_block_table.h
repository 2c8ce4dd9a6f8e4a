// Aggregate mode's live heap blocks: address -> (site, size), so that a free
// can subtract its block from the site that allocated it. Lock-free and
// malloc-free: buckets of four 16-byte entries (one cache line) in tables
// mapped by levels. Inserts go to the newest level, which is replaced by a
// level four times larger once it is half full; lookups probe the newest
// level first and skip levels that hold nothing, so an old level costs
// nothing once its blocks are freed. An entry lives in its home bucket or,
// when that is full, in one of the next kMaxProbe - 1 buckets; a per-bucket
// count of displaced entries lets a lookup stop at the home bucket otherwise.
//
// Capacity: 48 Mi blocks (the last level, 64 Mi entries, at three-quarter load). A block that finds
// no room, or is 1 TiB or larger, is not tracked (the caller counts it lost).
#pragma once

#include <atomic>
#include <cstdint>

namespace memscope::runtime {

class LiveBlockTable {
  public:
    static constexpr int kLevelCount = 7;
    static constexpr std::uint32_t kMaxProbe = 8;
    static constexpr std::uint32_t kSiteBits = 24;
    static constexpr std::uint64_t kMaxSize = (std::uint64_t{1} << (64 - kSiteBits)) - 1;

    struct Block {
        std::uint32_t site = 0;
        std::uint64_t size = 0;
    };

    // Maps the first level; false when it cannot.
    bool init();
    // Unmaps every level (tests, and a fork child before it starts over).
    void release();

    // False when the block cannot be tracked. The caller inserts a block
    // before the program can see it, and only once.
    bool insert(std::uint64_t address, Block block);
    // Removes the block and returns it; false when the address is not live
    // here. Call before the real free: once the address is back in the
    // allocator, another thread may be given it and insert it again.
    bool remove(std::uint64_t address, Block* out);

    std::uint64_t size() const;  // blocks held, over all levels

  private:
    struct Entry {
        std::atomic<std::uint64_t> address;
        std::atomic<std::uint64_t> packed;  // size << kSiteBits | site
    };
    struct alignas(64) Bucket {
        Entry entries[4];
    };
    // One mapping per level: the buckets, then a byte per bucket counting the
    // entries whose home it is but which live in a later bucket.
    struct Level {
        std::atomic<Bucket*> buckets{nullptr};
        std::atomic<std::uint64_t> used{0};
    };

    bool add_level(int level);
    bool insert_into(int level, std::uint64_t address, std::uint64_t packed);
    bool remove_from(int level, std::uint64_t address, Block* out);

    Level levels_[kLevelCount];
    std::atomic<int> top_{0};
};

}  // namespace memscope::runtime
