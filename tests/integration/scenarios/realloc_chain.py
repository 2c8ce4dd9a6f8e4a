"""realloc chains: realloc(NULL, n) allocates, realloc(p, 0) frees, a grow or
shrink frees the old block and allocates the new one; failed calls count for
nothing."""

from memscope_harness import check_clean_exit, check_site, record_ground_truth


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "realloc_chain")
    check.eq("failed calls really failed (scenario sanity)", gt["failed_calls"], 2)
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    for field in ("allocation_calls", "allocated_bytes", "peak_heap_bytes", "leaked_bytes",
                  "leaked_blocks"):
        check.eq(field, s.get(field), gt[field])
    check.eq("unknown_frees", s.get("unknown_frees"), 0)

    top = h.top(check, trace, "allocated")
    check_site(check, top, "grow_and_shrink",
               {"allocations": gt["chain_allocations"], "allocated_bytes": gt["chain_bytes"],
                "leaked_bytes": 0, "leaked_blocks": 0, "peak_bytes": gt["peak_heap_bytes"]})
    check_site(check, top, "leak_after_realloc",
               {"allocations": 2, "allocated_bytes": 64 + 128, "leaked_bytes": gt["leaked_bytes"],
                "leaked_blocks": gt["leaked_blocks"]})
    check_site(check, top, "fail_to_allocate",
               {"allocations": 1, "allocated_bytes": gt["survivor_bytes"], "leaked_bytes": 0})
