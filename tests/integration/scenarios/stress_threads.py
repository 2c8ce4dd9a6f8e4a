"""32 threads allocating at once: zero lost events and an exact total."""

from memscope_harness import check_clean_exit, check_site, record_ground_truth


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "stress_threads", timeout=600)
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    check.eq("truncated", s.get("truncated"), False)
    check.eq("lost_events", s.get("lost_events"), 0)
    check.eq("unknown_frees", s.get("unknown_frees"), 0)
    check.ge("threads", s.get("threads"), gt["threads"])
    check.ge("allocation_calls", s.get("allocation_calls"), gt["stress_allocations"])
    check.ge("leaked_blocks", s.get("leaked_blocks"), gt["leaked_blocks"])
    check_site(check, h.top(check, trace, "allocations"), "stress_allocate",
               {"allocations": gt["stress_allocations"], "allocated_bytes": gt["stress_bytes"],
                "temporary": gt["stress_temporary"], "leaked_blocks": gt["leaked_blocks"],
                "leaked_bytes": gt["leaked_bytes"]})
