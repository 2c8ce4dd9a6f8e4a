// Interned call stacks: a lock-free hash of (parent node, instruction pointer)
// -> node id. A stack is the id of its innermost node; following parents walks
// outwards to the root (parent 0). Nodes are appended with fetch_add and
// published with a CAS into a slot table; ids never change and never repeat.
//
// The slot table grows by levels (each a new, larger table) so a small program
// touches a few hundred KiB rather than the whole table: lookups probe every
// level, inserts go to the newest one.
#pragma once

#include <atomic>
#include <cstdint>

namespace memscope::runtime {

class StackTable {
  public:
    static constexpr std::uint32_t kMaxNodes = 1u << 22;
    static constexpr int kLevelCount = 5;

    bool init();

    // Id of the node (parent, ip), created if new (*created is set then);
    // 0 when the table is full.
    std::uint32_t intern(std::uint32_t parent, std::uint64_t ip, bool* created);

    std::uint32_t node_count() const {
        const std::uint32_t n = next_id_.load(std::memory_order_relaxed);
        return n > kMaxNodes ? kMaxNodes - 1 : n - 1;
    }

  private:
    struct Node {
        std::uint64_t ip;
        std::uint32_t parent;
        std::uint32_t unused;
    };

    bool matches(std::uint32_t id, std::uint32_t parent, std::uint64_t ip) const {
        return nodes_[id].ip == ip && nodes_[id].parent == parent;
    }
    bool add_level(int level);

    Node* nodes_ = nullptr;
    std::atomic<std::uint32_t> next_id_{1};
    std::atomic<std::uint32_t>* levels_[kLevelCount] = {};
    std::atomic<std::uint32_t> level_used_[kLevelCount] = {};
    std::atomic<int> top_level_{0};
};

}  // namespace memscope::runtime
