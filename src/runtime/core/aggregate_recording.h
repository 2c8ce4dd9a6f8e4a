// Aggregate mode (recording_mode.h): what the hooks call instead of
// event_recording.h. An allocation interns its stack as in full mode (stack
// nodes are still written) and adds its block to its site's counters and to
// the live-block table; a free takes its block out of the table and subtracts
// it from its site. Nothing else is written until the end, when
// write_aggregate_totals() puts the run's totals and one record per site into
// the process stream. No clock read per call: only a new heap peak reads it.
#pragma once

#include <cstdint>

#include "runtime/core/call_stack.h"
#include "runtime/core/live_block_table.h"
#include "runtime/core/record_stream.h"

namespace memscope::runtime {

// After the real allocation returned p (non-null).
void aggregate_alloc(const void* p, std::uint64_t size, CallStack stack);

// Before the real free: p's block leaves the table and its site. A block the
// table does not hold is either the recorder's own (untracked) or one
// allocated before recording (an unknown free, counted).
void aggregate_free(const void* p);

// realloc: the old block is taken out of the table before the real call
// (false: not held), put back if the call fails, and released from its site
// once it succeeded. free_call: realloc(p, 0) freed it.
bool aggregate_take_block(const void* p, LiveBlockTable::Block* block);
void aggregate_put_back(const void* p, const LiveBlockTable::Block& block);
void aggregate_release(const void* p, const LiveBlockTable::Block& block, bool free_call);
void aggregate_unknown_free();

// File owner only, at exit, exec or a fatal signal: the totals, one site
// record per allocation stack, and events lost since the writer's last report.
void write_aggregate_totals(RecordStream& stream, std::uint64_t ts);

// Fork child, after the parent's mappings were dropped: start from empty tables.
void forget_aggregate_tables();

}  // namespace memscope::runtime
