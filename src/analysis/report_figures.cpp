#include "analysis/report_figures.h"

#include "format/column_layout.h"

namespace memscope::analysis {

ReportFigures::ReportFigures(const ReportTraceFacts& facts)
    : start_ns_(facts.start_ns),
      weighting_(facts.sample_rate_bytes),
      mmaps_(facts.page_size),
      latency_(facts.start_ns, facts.compact_timing, format::kDefaultOutlierThresholdNs),
      blocks_(weighting_) {
    blocks_.observe_blocks(&threads_);
}

void ReportFigures::on_event(const trace::Event& e) {
    latency_.on_event(e);
    switch (e.kind) {
        case trace::EventKind::kAlloc:
            if (e.address == 0) break;
            blocks_.on_alloc(e);
            sizes_.add(e.size, weighting_.weigh(e.size, e.address, e.time_ns));
            heap_.add(relative(e.time_ns), threads_.heap_bytes());
            break;
        case trace::EventKind::kFree:
            if (e.address == 0) break;
            blocks_.on_free(e);
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
    latency_.finish();
}

}  // namespace memscope::analysis
