// The side tables a record stream fills while it is decoded: interned stack
// nodes, the module map and per-thread information. The reader owns them.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "trace/event.h"

namespace memscope::trace {

struct TraceTables {
    std::unordered_map<StackId, StackNode>& stacks;
    std::vector<Module>& modules;
    std::map<std::uint32_t, ThreadInfo>& threads;
};

}  // namespace memscope::trace
