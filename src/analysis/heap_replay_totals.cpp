// HeapReplay's intake of an aggregate-mode trace. The recorder measured the
// figures the replay would compute (docs/recorder.md, "Aggregate mode"), so
// they are added to the replay's state: its peak becomes the recorded one and
// each stack's share at the peak is the recorded share. Calls the recorder
// made before it knew its mode (the loader's, before libc's environment
// exists) arrive as ordinary events and were replayed already; their blocks
// still live are counted on top of the recorded peak.
#include "analysis/heap_replay.h"
#include "trace/aggregate_records.h"

namespace memscope::analysis {

void HeapReplay::on_run_totals(const trace::Event& e) {
    const trace::RunTotals t = trace::run_totals_of(e);
    totals_.unknown_frees += t.unknown_frees;
    // A higher peak starts a new epoch: every stack's figures at it are then
    // its live figures so far plus its recorded share (on_site_totals).
    peak_.after_change(t.peak_bytes + totals_.live_bytes, t.peak_time_ns);
}

void HeapReplay::on_site_totals(const trace::Event& e) {
    const trace::SiteTotals t = trace::site_totals_of(e);
    StackUsage& s = stacks_[stack_index(e.stack)];
    peak_.before_change(s);
    s.peak_bytes += t.peak_bytes;
    s.peak_blocks += t.peak_blocks;
    s.allocations += t.allocations;
    s.allocated_bytes += t.allocated_bytes;
    s.temporary += t.temporary;
    s.live_bytes += t.leaked_bytes;
    s.live_blocks += t.leaked_blocks;
    totals_.allocation_calls += t.allocations;
    totals_.allocated_bytes += t.allocated_bytes;
    totals_.free_calls += t.free_calls;
    totals_.temporary_allocations += t.temporary;
    totals_.live_bytes += t.leaked_bytes;
    totals_.live_blocks += t.leaked_blocks;
}

}  // namespace memscope::analysis
