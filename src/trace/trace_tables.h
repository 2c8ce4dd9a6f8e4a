// The side tables a record stream fills while it is decoded: interned stack
// nodes, the module map and per-thread information. The reader owns them.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

#include "trace/event.h"

namespace memscope::trace {

// A module's unload that its table did not hold the load of yet.
struct ModuleUnload {
    std::uint64_t load_bias = 0;
    std::uint64_t time_ns = 0;
};

struct TraceTables {
    std::unordered_map<StackId, StackNode>& stacks;
    std::vector<Module>& modules;
    std::map<std::uint32_t, ThreadInfo>& threads;
    // Set when the tables are a chunk's own, decoded apart from the chunks
    // before it: unloads of modules loaded in an earlier chunk wait here for
    // the merge to apply them to the reader's table.
    std::vector<ModuleUnload>* unresolved_unloads = nullptr;
};

// Marks the newest still-loaded module at load_bias as unloaded at time_ns.
// Returns false when no such module is in the table.
inline bool apply_module_unload(std::vector<Module>& modules, const ModuleUnload& unload) {
    for (auto it = modules.rbegin(); it != modules.rend(); ++it) {
        if (it->load_bias == unload.load_bias && it->unload_time_ns == 0) {
            it->unload_time_ns = unload.time_ns;
            return true;
        }
    }
    return false;
}

}  // namespace memscope::trace
