// Process-level facts of a trace: resident memory, how it ended, lost events.
#pragma once

#include <algorithm>
#include <cstdint>

#include "format/record_types.h"
#include "trace/event.h"

namespace memscope::analysis {

enum class ExitKind { kExit, kSignal, kExec, kUnknown };

struct ProcessFacts {
    std::uint64_t peak_rss_bytes = 0;  // max of the RSS samples and the kernel's max RSS at exit
    ExitKind exit_kind = ExitKind::kUnknown;  // unknown when the trace has no exit record
    std::uint64_t exit_value = 0;             // status or signal number
    std::uint64_t lost_events = 0;

    void observe(const trace::Event& e) {
        switch (e.kind) {
            case trace::EventKind::kRssSample:
                peak_rss_bytes = std::max(peak_rss_bytes, e.value);
                break;
            case trace::EventKind::kProcessExit:
                peak_rss_bytes = std::max(peak_rss_bytes, e.size);
                exit_kind = exit_kind_of(e.how);
                exit_value = e.value;
                break;
            case trace::EventKind::kLostEvents:
                lost_events += e.value;
                break;
            default:
                break;
        }
    }

    static ExitKind exit_kind_of(std::uint8_t how) {
        switch (static_cast<format::ExitHow>(how)) {
            case format::ExitHow::kExit:
                return ExitKind::kExit;
            case format::ExitHow::kSignal:
                return ExitKind::kSignal;
            case format::ExitHow::kExec:
                return ExitKind::kExec;
        }
        return ExitKind::kUnknown;
    }
};

}  // namespace memscope::analysis
