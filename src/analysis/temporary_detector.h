// Temporary allocations: a block freed by the thread that allocated it before
// that thread made any other allocation call. heaptrack counts a block freed
// with no allocation in between; tracking the "last allocation" per thread keeps
// threads from masking each other's temporaries.
#pragma once

#include <cstdint>

#include "analysis/flat_u64_map.h"

namespace memscope::analysis {

class TemporaryDetector {
  public:
    // Every allocation call, realloc's included, ends the window of the previous one.
    void on_alloc(std::uint32_t tid, std::uint64_t address) { *slot(tid) = address; }

    // Returns whether the freed block was temporary. realloc's release of the old
    // block never is: the data lives on in the new block.
    bool on_free(std::uint32_t free_tid, std::uint32_t alloc_tid, std::uint64_t address,
                 bool from_realloc) {
        std::uint64_t* last = slot(alloc_tid);
        if (*last != address) return false;
        *last = 0;  // the address may be reused; only this block was the last one
        return !from_realloc && free_tid == alloc_tid;
    }

  private:
    // Consecutive events mostly come from one thread, so its slot is cached. Only
    // one slot is cached and every lookup that may insert replaces it, so a rehash
    // never leaves it dangling.
    std::uint64_t* slot(std::uint32_t tid) {
        if (cached_slot_ != nullptr && cached_tid_ == tid) return cached_slot_;
        std::uint64_t* value = last_allocation_.insert(std::uint64_t{tid} + 1).first;
        cached_tid_ = tid;
        cached_slot_ = value;
        return value;
    }

    FlatU64Map<std::uint64_t> last_allocation_;
    std::uint32_t cached_tid_ = 0;
    std::uint64_t* cached_slot_ = nullptr;
};

}  // namespace memscope::analysis
