#include "runtime/core/aggregate_recording.h"

#include <atomic>

#include "runtime/core/aggregate_records.h"
#include "runtime/core/event_clock.h"
#include "runtime/core/recorder.h"
#include "runtime/core/site_totals_table.h"
#include "runtime/core/stack_interning.h"
#include "runtime/core/system_calls.h"
#include "runtime/core/thread_stream.h"
#include "runtime/core/untracked_blocks.h"

namespace memscope::runtime {

namespace {

enum TablesState : std::uint32_t { kUnmapped = 0, kMapping = 1, kMapped = 2, kFailed = 3 };

struct AggregateTables {
    SiteTotalsTable sites;
    LiveBlockTable blocks;
    std::atomic<std::uint64_t> unknown_frees{0};
    std::atomic<std::uint32_t> state{kUnmapped};
};

constinit AggregateTables g_tables;

// The thread's most recent allocation: a block freed by the same thread before
// it allocates again is temporary (the analyzer's rule, temporary_detector.h).
__thread std::uint64_t tls_last_allocation __attribute__((tls_model("initial-exec"))) = 0;

std::uint64_t address_of(const void* p) {
    return reinterpret_cast<std::uintptr_t>(p);
}

// Mapped by the first allocation; others wait the few microseconds it takes.
AggregateTables* tables() {
    std::uint32_t s = g_tables.state.load(std::memory_order_acquire);
    if (s == kMapped) return &g_tables;
    if (s == kFailed) return nullptr;
    if (s == kUnmapped &&
        g_tables.state.compare_exchange_strong(s, kMapping, std::memory_order_acq_rel)) {
        const bool ok =
            g_tables.sites.init(StackTable::kMaxNodes, event_clock_ns) && g_tables.blocks.init();
        g_tables.unknown_frees.store(0, std::memory_order_relaxed);
        g_tables.state.store(ok ? kMapped : kFailed, std::memory_order_release);
        return ok ? &g_tables : nullptr;
    }
    while ((s = g_tables.state.load(std::memory_order_acquire)) == kMapping) sleep_ns(10000);
    return s == kMapped ? &g_tables : nullptr;
}

// Frees need no mapping: an unmapped table holds no block.
AggregateTables* mapped_tables() {
    return g_tables.state.load(std::memory_order_acquire) == kMapped ? &g_tables : nullptr;
}

}  // namespace

void aggregate_alloc(const void* p, std::uint64_t size, CallStack stack) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    // Stack nodes are dated by the thread's previous record: only their order
    // in the stream matters, and reading the clock would cost more.
    const std::uint32_t stack_id = intern_stack(*slot, stack, slot->stream.last_ts);
    AggregateTables* t = tables();
    const std::uint32_t site = t != nullptr ? t->sites.site_of(stack_id) : 0;
    if (site == 0 || !t->blocks.insert(address_of(p), LiveBlockTable::Block{site, size})) {
        count_lost_event();
        return;
    }
    t->sites.add_block(site, size);
    tls_last_allocation = address_of(p);
}

bool aggregate_take_block(const void* p, LiveBlockTable::Block* block) {
    AggregateTables* t = mapped_tables();
    return t != nullptr && t->blocks.remove(address_of(p), block);
}

void aggregate_put_back(const void* p, const LiveBlockTable::Block& block) {
    AggregateTables* t = mapped_tables();
    if (t == nullptr || !t->blocks.insert(address_of(p), block)) count_lost_event();
}

void aggregate_release(const void* p, const LiveBlockTable::Block& block, bool free_call) {
    AggregateTables* t = mapped_tables();
    if (t == nullptr) return;
    // realloc's release of its old block is never temporary: the data lives on.
    const bool temporary = free_call && tls_last_allocation == address_of(p);
    if (temporary) tls_last_allocation = 0;
    t->sites.remove_block(block.site, block.size, free_call, temporary);
}

void aggregate_unknown_free() {
    g_tables.unknown_frees.fetch_add(1, std::memory_order_relaxed);
}

void aggregate_free(const void* p) {
    LiveBlockTable::Block block;
    if (aggregate_take_block(p, &block)) {
        aggregate_release(p, block, true);
        return;
    }
    if (!forget_untracked_block(p)) aggregate_unknown_free();
}

void write_aggregate_totals(RecordStream& stream, std::uint64_t ts) {
    Recorder& r = g_recorder;
    AggregateTables* t = mapped_tables();
    RunFigures totals;
    if (t != nullptr) {
        totals.peak_bytes = t->sites.peak_bytes();
        totals.peak_ts = t->sites.peak_time_ns();
        totals.site_count = t->sites.site_count();
    }
    totals.unknown_frees = g_tables.unknown_frees.load(std::memory_order_relaxed);
    bool complete = put_run_totals(stream, ts, totals);
    for (std::uint32_t site = 1; t != nullptr && site <= totals.site_count; ++site) {
        const SiteFigures f = t->sites.figures(site);
        if (f.allocations != 0) complete = put_site_totals(stream, ts, f) && complete;
    }
    if (!complete) count_lost_event();
    const std::uint64_t lost = r.lost_events.load(std::memory_order_relaxed);
    if (lost != r.lost_reported &&
        put_plain(stream, format::RecordType::kLostEvents, ts, 1, lost - r.lost_reported))
        r.lost_reported = lost;
}

void forget_aggregate_tables() {
    // recorder_unmap_all() already dropped the mappings; init() remaps them.
    g_tables.state.store(kUnmapped, std::memory_order_relaxed);
    g_tables.unknown_frees.store(0, std::memory_order_relaxed);
    tls_last_allocation = 0;
}

}  // namespace memscope::runtime
