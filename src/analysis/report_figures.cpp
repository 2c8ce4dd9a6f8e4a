#include "analysis/report_figures.h"

#include "format/column_layout.h"

namespace memscope::analysis {

ReportFigures::ReportFigures(std::uint64_t page_size, std::uint64_t start_ns)
    : start_ns_(start_ns), mmaps_(page_size) {}

void ReportFigures::time_call(LatencyHistogram& histogram, std::uint64_t duration_ns) {
    ++calls_;
    // 0: the record carries no duration (none recorded, or compact timing's
    // calls below the outlier threshold, which the histograms count).
    if (duration_ns == 0)
        ++calls_without_duration_;
    else
        histogram.add(duration_ns);
}

void ReportFigures::count_durations(const trace::Event& e) {
    LatencyHistogram& h = e.how == format::kDurationOpFree ? free_histogram_ : alloc_histogram_;
    h.add_range(e.duration_ns, e.duration_max_ns, e.value);
}

void ReportFigures::choose_latency() {
    const std::uint64_t histogram_calls = alloc_histogram_.count() + free_histogram_.count();
    if (histogram_calls > 0) {
        latency_source_ = LatencySource::kHistograms;
        alloc_latency_ = alloc_histogram_;
        free_latency_ = free_histogram_;
        // Every call at or above the outlier threshold carries its exact duration.
        if (alloc_event_durations_.count() > 0)
            alloc_latency_.set_exact_max(alloc_event_durations_.max_ns());
        if (free_event_durations_.count() > 0)
            free_latency_.set_exact_max(free_event_durations_.max_ns());
        untimed_calls_ = calls_ > histogram_calls ? calls_ - histogram_calls : 0;
        return;
    }
    alloc_latency_ = alloc_event_durations_;
    free_latency_ = free_event_durations_;
    untimed_calls_ = calls_without_duration_;
    latency_source_ = alloc_latency_.count() + free_latency_.count() > 0 ? LatencySource::kEvents
                                                                         : LatencySource::kNone;
}

void ReportFigures::on_event(const trace::Event& e) {
    switch (e.kind) {
        case trace::EventKind::kAlloc:
            if (e.address == 0) break;
            threads_.on_alloc(e);
            sizes_.add(e.size);
            time_call(alloc_event_durations_, e.duration_ns);
            heap_.add(relative(e.time_ns), threads_.heap_bytes());
            break;
        case trace::EventKind::kFree:
            if (e.address == 0) break;
            threads_.on_free(e);
            // realloc's release is part of the realloc call, timed with its new block.
            if (!e.from_realloc) time_call(free_event_durations_, e.duration_ns);
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
        case trace::EventKind::kCallDurations:
            count_durations(e);
            break;
        default:
            break;
    }
}

void ReportFigures::finish(std::uint64_t end_time_ns) {
    phases_.finish(relative(end_time_ns));
    choose_latency();
}

}  // namespace memscope::analysis
