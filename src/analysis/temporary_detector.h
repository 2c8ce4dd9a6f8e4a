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
    void on_alloc(std::uint32_t tid, std::uint64_t address) {
        *last_allocation_.insert(key(tid)).first = address;
    }

    // Returns whether the freed block was temporary. realloc's release of the old
    // block never is: the data lives on in the new block.
    bool on_free(std::uint32_t free_tid, std::uint32_t alloc_tid, std::uint64_t address,
                 bool from_realloc) {
        std::uint64_t* last = last_allocation_.find(key(alloc_tid));
        if (last == nullptr || *last != address) return false;
        *last = 0;  // the address may be reused; only this block was the last one
        return !from_realloc && free_tid == alloc_tid;
    }

  private:
    static std::uint64_t key(std::uint32_t tid) { return std::uint64_t{tid} + 1; }
    FlatU64Map<std::uint64_t> last_allocation_;
};

}  // namespace memscope::analysis
