// `memscope summary`: the headline figures of one trace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/mmap_tracker.h"
#include "analysis/process_facts.h"
#include "analysis/stack_shares.h"
#include "analysis/symbolized_stack.h"
#include "analysis/trace_pass.h"
#include "trace/trace_reader.h"

namespace memscope::analysis {

struct Summary {
    std::string trace_path;
    std::uint32_t pid = 0;
    std::string executable;
    std::vector<std::string> command_line;
    std::string mode;                     // "full", "sampled" or "aggregate"
    std::uint64_t sample_rate_bytes = 0;  // sampled trace: the figures are estimates
    bool truncated = false;
    std::string truncation_reason;
    ExitKind exit_kind = ExitKind::kUnknown;
    std::uint64_t exit_value = 0;
    std::uint64_t duration_ns = 0;        // last event - recorder start
    std::uint64_t peak_heap_bytes = 0;    // requested bytes of live heap blocks
    std::uint64_t peak_heap_time_ns = 0;  // since recorder start
    std::vector<StackShare> peak_heap_stacks;
    std::uint64_t peak_rss_bytes = 0;
    std::uint64_t allocation_calls = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t free_calls = 0;
    std::uint64_t temporary_allocations = 0;
    std::uint64_t leaked_bytes = 0;
    std::uint64_t leaked_blocks = 0;
    std::uint64_t unknown_frees = 0;
    MmapTotals mmap;
    std::uint64_t threads = 0;
    std::uint64_t lost_events = 0;
    std::uint64_t events = 0;
};

// pass must have read every event of reader; stack_count bounds peak_heap_stacks.
Summary summarize(const std::string& trace_path, const trace::TraceReader& reader,
                  const TracePass& pass, StackSymbolizer& stacks, std::size_t stack_count);

const char* mode_name(format::RecordMode mode);
const char* exit_kind_name(ExitKind kind);

}  // namespace memscope::analysis
