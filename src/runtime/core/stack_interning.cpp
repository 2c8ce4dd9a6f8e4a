#include "runtime/core/stack_interning.h"

#include "runtime/core/record_encoder.h"
#include "runtime/core/recorder.h"

namespace memscope::runtime {

namespace {

NodeCache::Entry& cache_entry(NodeCache& cache, std::uint32_t parent, std::uint64_t ip) {
    const std::uint64_t h =
        (ip ^ (static_cast<std::uint64_t>(parent) << 32)) * 0x9e3779b97f4a7c15ull;
    static_assert(NodeCache::kEntries == 1u << 12);
    return cache.entries[h >> 52];  // top 12 bits
}

std::uint32_t intern_frames(ThreadSlot& slot, CallStack stack, std::uint64_t ts) {
    const std::uint32_t depth = stack.depth < kMaxStackDepth ? stack.depth : kMaxStackDepth;
    if (depth == 0) return 0;
    StackCache& cache = slot.stacks;
    const std::uint64_t* ips = stack.ips;
    // Outermost frames first: ips[depth - 1] is the root.
    std::uint32_t k = 0;
    while (k < depth && k < cache.depth && cache.ips[k] == ips[depth - 1 - k]) ++k;
    std::uint32_t parent = k != 0 ? cache.ids[k - 1] : 0;
    Recorder& r = g_recorder;
    for (; k < depth; ++k) {
        const std::uint64_t ip = ips[depth - 1 - k];
        NodeCache::Entry& known = cache_entry(slot.nodes, parent, ip);
        if (known.id != 0 && known.ip == ip && known.parent == parent) {
            cache.ips[k] = ip;
            cache.ids[k] = known.id;
            parent = known.id;
            continue;
        }
        bool created = false;
        const std::uint32_t id = r.stacks.intern(parent, ip, &created);
        if (id == 0) {
            cache.depth = k;
            count_lost_event();
            return 0;
        }
        if (created) {
            if (r.settings.scan_modules) r.modules.note_new_ip(slot.stream, ip, ts);
            if (!put_stack_node(slot.stream, ts, id, parent, ip)) count_lost_event();
        }
        known = NodeCache::Entry{ip, parent, id};
        cache.ips[k] = ip;
        cache.ids[k] = id;
        parent = id;
    }
    cache.depth = depth;
    return parent;
}

}  // namespace

std::uint32_t intern_stack(ThreadSlot& slot, CallStack stack, std::uint64_t ts) {
    if (stack.remembered_id == nullptr) return intern_frames(slot, stack, ts);
    if (stack.repeated && *stack.remembered_id != 0) return *stack.remembered_id;
    const std::uint32_t id = intern_frames(slot, stack, ts);
    *stack.remembered_id = id;
    return id;
}

}  // namespace memscope::runtime
