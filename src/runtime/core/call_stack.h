// A captured call stack as the recorder receives it: return addresses,
// innermost (the allocation's caller) first.
#pragma once

#include <cstdint>

namespace memscope::runtime {

struct CallStack {
    const std::uint64_t* ips = nullptr;
    std::uint32_t depth = 0;
    // Where the capture remembers this stack's id (a cell of the thread's
    // slot; nullptr when it does not), and whether the stack is the one that
    // cell was last given: the id is then reused instead of interning again.
    // Used only with the slot the stack was captured with.
    std::uint32_t* remembered_id = nullptr;
    bool repeated = false;
};

}  // namespace memscope::runtime
