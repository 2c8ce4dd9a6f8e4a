"""Peak heap: 10 MiB comes and goes, then 3 x 10 MiB live together on top of
a 4 KiB baseline. The peak, its moment and the stack holding it are exact;
peak RSS is at least the 30 MiB the program touched."""

from memscope_harness import (check_clean_exit, check_site, check_site_location, check_top_sorted,
                              frames_have, record_ground_truth)


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "peak_pattern", run_options=["--rss-interval", "5"])
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    for field in ("allocation_calls", "allocated_bytes", "peak_heap_bytes", "leaked_bytes"):
        check.eq(field, s.get(field), gt[field])
    check.ge("peak_rss_bytes", s.get("peak_rss_bytes"), gt["min_peak_rss_bytes"])

    peak_time = s.get("peak_heap_time_ns")
    duration = s.get("duration_ns")
    # The program sleeps before taking the three blocks and again before
    # freeing them, so the peak lies at least one pause from either end.
    check.ge("peak_heap_time_ns (after the first pause)", peak_time, gt["pause_ns"])
    if isinstance(peak_time, int) and isinstance(duration, int):
        check.ge("duration_ns - peak_heap_time_ns (second pause)", duration - peak_time,
                 gt["pause_ns"])

    stacks = s.get("peak_heap_stacks") or []
    if check.true("peak_heap_stacks present", stacks):
        check.eq("top peak stack bytes", stacks[0].get("bytes"), gt["held_bytes"])
        check.eq("top peak stack blocks", stacks[0].get("blocks"), gt["held_blocks"])
        check.true("top peak stack is hold_three_blocks",
                   frames_have(stacks[0].get("frames"), "hold_three_blocks"),
                   repr([f.get("function") for f in stacks[0].get("frames", [])]))

    by_peak = h.top(check, trace, "peak")
    check_top_sorted(check, by_peak, "peak")
    check.eq("top --by peak first site", (by_peak.get("sites") or [{}])[0].get("function"),
             "hold_three_blocks")
    check_site(check, by_peak, "hold_three_blocks",
               {"peak_bytes": gt["held_bytes"], "allocations": gt["held_blocks"],
                "allocated_bytes": gt["held_bytes"], "leaked_bytes": 0})
    check_site_location(check, by_peak, "hold_three_blocks", "peak_pattern.c", gt["hold_line"],
                        "gt_peak_pattern")
