"""Allocation inside a signal handler, interrupting the main thread while it
is inside the recorder's mmap hook: the program must finish (no deadlock),
and every handler allocation and every mapping is in the trace."""

from memscope_harness import check_clean_exit, check_site, record_ground_truth

DEADLOCK_TIMEOUT_S = 60


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "signal_handler_alloc",
                                       timeout=DEADLOCK_TIMEOUT_S)
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    for field in ("allocation_calls", "temporary_allocations", "leaked_bytes"):
        check.eq(field, s.get(field), gt[field])
    check.eq("lost_events", s.get("lost_events"), 0)
    mmap = s.get("mmap") or {}
    check.eq("mmap.calls", mmap.get("calls"), gt["mmap_calls"])
    check.eq("mmap.peak_bytes", mmap.get("peak_bytes"), gt["mapping_size"])
    check.eq("mmap.still_mapped_bytes", mmap.get("still_mapped_bytes"), 0)
    check_site(check, h.top(check, trace, "allocations"), "handler_allocate",
               {"allocations": gt["handler_allocations"], "allocated_bytes": gt["handler_bytes"],
                "temporary": gt["handler_allocations"]})
