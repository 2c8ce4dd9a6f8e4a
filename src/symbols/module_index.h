// Which recorded module holds an address, from the PT_LOAD segments recorded
// in the trace (not from the files on disk, which may be gone).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "trace/event.h"

namespace memscope::symbols {

class ModuleIndex {
  public:
    explicit ModuleIndex(const std::vector<trace::Module>& modules);

    // Index into the constructor's list. When several modules covered the
    // address over time (dlclose then dlopen of another library at the same
    // place), the one loaded last wins: an address alone cannot say which.
    std::optional<std::size_t> find(std::uint64_t address) const;

  private:
    struct Range {
        std::uint64_t start;
        std::uint64_t end;  // exclusive
        std::size_t module;
        std::uint64_t load_time_ns;
    };
    std::vector<Range> ranges_;           // sorted by start
    std::vector<std::uint64_t> max_end_;  // max_end_[i] = max end of ranges_[0..i]
};

}  // namespace memscope::symbols
