// A captured call stack as the recorder receives it: return addresses,
// innermost (the allocation's caller) first.
#pragma once

#include <cstdint>

namespace memscope::runtime {

struct CallStack {
    const std::uint64_t* ips = nullptr;
    std::uint32_t depth = 0;
};

}  // namespace memscope::runtime
