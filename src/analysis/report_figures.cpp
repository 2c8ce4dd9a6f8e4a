#include "analysis/report_figures.h"

namespace memscope::analysis {

ReportFigures::ReportFigures(std::uint64_t page_size, std::uint64_t start_ns)
    : start_ns_(start_ns), mmaps_(page_size) {}

void ReportFigures::time_call(LatencyHistogram& histogram, std::uint64_t duration_ns) {
    // The recorder times every call; 0 means this record carried no duration.
    if (duration_ns == 0)
        ++untimed_calls_;
    else
        histogram.add(duration_ns);
}

void ReportFigures::on_event(const trace::Event& e) {
    switch (e.kind) {
        case trace::EventKind::kAlloc:
            if (e.address == 0) break;
            threads_.on_alloc(e);
            sizes_.add(e.size);
            time_call(alloc_latency_, e.duration_ns);
            heap_.add(relative(e.time_ns), threads_.heap_bytes());
            break;
        case trace::EventKind::kFree:
            if (e.address == 0) break;
            threads_.on_free(e);
            // realloc's release is part of the realloc call, timed with its new block.
            if (!e.from_realloc) time_call(free_latency_, e.duration_ns);
            heap_.add(relative(e.time_ns), threads_.heap_bytes());
            break;
        case trace::EventKind::kMmap:
            mmaps_.on_mmap(e);
            mmap_.add(relative(e.time_ns), mmaps_.totals().live_bytes);
            break;
        case trace::EventKind::kMunmap:
            mmaps_.on_munmap(e);
            mmap_.add(relative(e.time_ns), mmaps_.totals().live_bytes);
            break;
        case trace::EventKind::kRssSample:
            rss_.add(relative(e.time_ns), e.value);
            break;
        case trace::EventKind::kPhaseBegin:
            phases_.begin(e.tid, e.text, relative(e.time_ns));
            break;
        case trace::EventKind::kPhaseEnd:
            phases_.end(e.tid, relative(e.time_ns));
            break;
        default:
            break;
    }
}

void ReportFigures::finish(std::uint64_t end_time_ns) {
    phases_.finish(relative(end_time_ns));
}

}  // namespace memscope::analysis
