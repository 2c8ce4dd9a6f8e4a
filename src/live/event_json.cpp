#include "live/event_json.h"

#include <string>

#include "analysis/process_facts.h"
#include "analysis/summary.h"
#include "format/column_layout.h"
#include "format/file_layout.h"
#include "format/record_types.h"

namespace memscope::live {

namespace {

using trace::EventKind;

const char* kind_name(EventKind kind) {
    switch (kind) {
        case EventKind::kAlloc:
            return "alloc";
        case EventKind::kFree:
            return "free";
        case EventKind::kMmap:
            return "mmap";
        case EventKind::kMunmap:
            return "munmap";
        case EventKind::kThreadStart:
            return "thread_start";
        case EventKind::kThreadExit:
            return "thread_exit";
        case EventKind::kRssSample:
            return "rss";
        case EventKind::kPhaseBegin:
            return "phase_begin";
        case EventKind::kPhaseEnd:
            return "phase_end";
        case EventKind::kMark:
            return "mark";
        case EventKind::kPoolCreate:
            return "pool_create";
        case EventKind::kPoolAlloc:
            return "pool_alloc";
        case EventKind::kPoolFree:
            return "pool_free";
        case EventKind::kPoolDestroy:
            return "pool_destroy";
        case EventKind::kGpuAlloc:
            return "gpu_alloc";
        case EventKind::kGpuFree:
            return "gpu_free";
        case EventKind::kFork:
            return "fork";
        case EventKind::kExec:
            return "exec";
        case EventKind::kProcessExit:
            return "process_exit";
        case EventKind::kLostEvents:
            return "lost_events";
        case EventKind::kCallDurations:
            return "call_durations";
        default:
            return "other";
    }
}

std::string text_of(const trace::Event& e) {
    return std::string(e.text);
}

}  // namespace

nlohmann::json header_json(const trace::TraceHeader& h) {
    return {{"type", "header"},
            {"pid", h.pid},
            {"ppid", h.ppid},
            {"executable", h.executable},
            {"command_line", h.command_line},
            {"hostname", h.hostname},
            {"mode", analysis::mode_name(h.mode)},
            {"sample_rate_bytes", h.sample_rate_bytes},
            {"time_resolution_ns", h.time_resolution_ns},
            {"start_monotonic_ns", h.start_monotonic_ns},
            {"start_realtime_ns", h.start_realtime_ns}};
}

nlohmann::json event_json(const trace::Event& e, std::uint64_t start_ns) {
    nlohmann::json j = {{"type", kind_name(e.kind)},
                        {"time_ns", e.time_ns >= start_ns ? e.time_ns - start_ns : 0},
                        {"tid", e.tid}};
    switch (e.kind) {
        case EventKind::kAlloc:
            j["address"] = e.address;
            j["size"] = e.size;
            j["stack"] = e.stack;
            j["func"] = format::alloc_func_name(e.func);
            j["duration_ns"] = e.duration_ns;
            j["from_realloc"] = e.from_realloc;
            break;
        case EventKind::kFree:
            j["address"] = e.address;
            j["duration_ns"] = e.duration_ns;
            j["from_realloc"] = e.from_realloc;
            break;
        case EventKind::kMmap:
            j["address"] = e.address;
            j["size"] = e.size;
            j["stack"] = e.stack;
            break;
        case EventKind::kMunmap:
            j["address"] = e.address;
            j["size"] = e.size;
            break;
        case EventKind::kRssSample:
            j["rss_bytes"] = e.value;
            break;
        case EventKind::kPhaseBegin:
            j["name"] = text_of(e);
            break;
        case EventKind::kMark:
            j["label"] = text_of(e);
            break;
        case EventKind::kPoolCreate:
            j["pool"] = e.pool;
            j["capacity"] = e.size;
            j["name"] = text_of(e);
            break;
        case EventKind::kPoolAlloc:
            j["pool"] = e.pool;
            j["address"] = e.address;
            j["size"] = e.size;
            j["stack"] = e.stack;
            break;
        case EventKind::kPoolFree:
            j["pool"] = e.pool;
            j["address"] = e.address;
            break;
        case EventKind::kPoolDestroy:
            j["pool"] = e.pool;
            break;
        case EventKind::kFork:
            j["child_pid"] = e.value;
            break;
        case EventKind::kExec:
            j["path"] = text_of(e);
            break;
        case EventKind::kProcessExit:
            j["how"] = analysis::exit_kind_name(analysis::ProcessFacts::exit_kind_of(e.how));
            j["value"] = e.value;
            j["max_rss_bytes"] = e.size;
            break;
        case EventKind::kLostEvents:
            j["count"] = e.value;
            break;
        case EventKind::kCallDurations:
            j["func"] = e.how == format::kDurationOpFree
                            ? "free"
                            : format::alloc_func_name(static_cast<format::AllocFunc>(e.how));
            j["size_class"] = e.size;
            j["count"] = e.value;
            j["duration_ns"] = e.duration_ns;
            j["duration_max_ns"] = e.duration_max_ns;
            break;
        default:
            break;
    }
    return j;
}

}  // namespace memscope::live
