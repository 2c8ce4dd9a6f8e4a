#include "report/summary_json.h"

#include "report/estimate_marks.h"
#include "report/frame_json.h"

namespace memscope::report {

nlohmann::ordered_json summary_json(const analysis::Summary& s) {
    nlohmann::ordered_json stacks = nlohmann::ordered_json::array();
    for (const auto& share : s.peak_heap_stacks) {
        stacks.push_back({{"bytes", share.bytes},
                          {"blocks", share.blocks},
                          {"frames", stack_json(share.frames)}});
    }
    nlohmann::ordered_json out{
        {"trace", s.trace_path},
        {"pid", s.pid},
        {"executable", s.executable},
        {"command_line", s.command_line},
        {"mode", s.mode},
        {"truncated", s.truncated},
        {"truncation_reason", s.truncation_reason},
        {"exit", {{"how", analysis::exit_kind_name(s.exit_kind)}, {"value", s.exit_value}}},
        {"duration_ns", s.duration_ns},
        {"peak_heap_bytes", s.peak_heap_bytes},
        {"peak_heap_time_ns", s.peak_heap_time_ns},
        {"peak_heap_stacks", std::move(stacks)},
        {"peak_rss_bytes", s.peak_rss_bytes},
        {"allocation_calls", s.allocation_calls},
        {"allocated_bytes", s.allocated_bytes},
        {"free_calls", s.free_calls},
        {"temporary_allocations", s.temporary_allocations},
        {"leaked_bytes", s.leaked_bytes},
        {"leaked_blocks", s.leaked_blocks},
        {"unknown_frees", s.unknown_frees},
        {"mmap",
         {{"calls", s.mmap.calls},
          {"mapped_bytes", s.mmap.mapped_bytes},
          {"peak_bytes", s.mmap.peak_bytes},
          {"still_mapped_bytes", s.mmap.live_bytes}}},
        {"threads", s.threads},
        {"lost_events", s.lost_events},
        {"events", s.events},
    };
    add_estimate_fields(out, s.sample_rate_bytes);
    return out;
}

}  // namespace memscope::report
