#include "analysis/summary.h"

namespace memscope::analysis {

const char* mode_name(format::RecordMode mode) {
    switch (mode) {
        case format::RecordMode::kFull:
            return "full";
        case format::RecordMode::kSampled:
            return "sampled";
        case format::RecordMode::kAggregate:
            return "aggregate";
    }
    return "unknown";
}

const char* exit_kind_name(ExitKind kind) {
    switch (kind) {
        case ExitKind::kExit:
            return "exit";
        case ExitKind::kSignal:
            return "signal";
        case ExitKind::kExec:
            return "exec";
        case ExitKind::kUnknown:
            return "unknown";
    }
    return "unknown";
}

Summary summarize(const std::string& trace_path, const trace::TraceReader& reader,
                  const TracePass& pass, StackSymbolizer& stacks, std::size_t stack_count) {
    const trace::TraceHeader& h = reader.header();
    const HeapTotals& heap = pass.heap().totals();
    const PeakTracker& peak = pass.heap().peak();
    const ProcessFacts& process = pass.process();
    const auto since_start = [&](std::uint64_t t) {
        return t > h.start_monotonic_ns ? t - h.start_monotonic_ns : 0;
    };

    Summary s;
    s.trace_path = trace_path;
    s.pid = h.pid;
    s.executable = h.executable;
    s.command_line = h.command_line;
    s.mode = mode_name(h.mode);
    s.sample_rate_bytes = pass.heap().weighting().sample_rate_bytes();
    s.truncated = reader.truncated();
    s.truncation_reason = reader.truncation_reason();
    s.exit_kind = process.exit_kind;
    s.exit_value = process.exit_value;
    s.duration_ns = since_start(reader.end_time_ns());
    s.peak_heap_bytes = peak.peak_bytes();
    s.peak_heap_time_ns = peak.peak_bytes() > 0 ? since_start(peak.peak_time_ns()) : 0;
    s.peak_heap_stacks = group_stack_shares(
        pass.heap().stacks(), stacks,
        [&](const StackUsage& u) {
            return StackFigures{peak.bytes_at_peak(u), peak.blocks_at_peak(u)};
        },
        stack_count);
    s.peak_rss_bytes = process.peak_rss_bytes;
    s.allocation_calls = heap.allocation_calls;
    s.allocated_bytes = heap.allocated_bytes;
    s.free_calls = heap.free_calls;
    s.temporary_allocations = heap.temporary_allocations;
    s.leaked_bytes = heap.live_bytes;
    s.leaked_blocks = heap.live_blocks;
    s.unknown_frees = heap.unknown_frees;
    s.mmap = pass.mmaps().totals();
    s.threads = reader.threads().size();
    s.lost_events = process.lost_events;
    s.events = reader.event_count();
    return s;
}

}  // namespace memscope::analysis
