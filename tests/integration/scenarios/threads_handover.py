"""Cross-thread frees and leaks: a producer thread allocates, a consumer
thread frees most blocks and keeps every tenth. The program makes the
allocator hand the consumer's freed address straight back to the producer,
so a wrong order of free and alloc across threads shows as lost frees or
phantom leaks."""

from memscope_harness import (check_clean_exit, check_site, check_site_location,
                              leak_groups_with, record_ground_truth)


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "threads_handover")
    check.ge("addresses reused across threads (scenario sanity)", gt["reused_addresses"], 1)

    s = h.summary(check, trace)
    check_clean_exit(check, s)
    check.eq("unknown_frees", s.get("unknown_frees"), 0)
    check.eq("lost_events", s.get("lost_events"), 0)
    check.ge("threads", s.get("threads"), gt["threads"])
    check.ge("allocation_calls", s.get("allocation_calls"), gt["produced_blocks"])
    check.ge("free_calls", s.get("free_calls"), gt["freed_by_consumer"])
    check.ge("leaked_blocks", s.get("leaked_blocks"), gt["leaked_blocks"])
    check.ge("leaked_bytes", s.get("leaked_bytes"), gt["leaked_bytes"])

    top = h.top(check, trace, "allocated")
    check_site(check, top, "produce_block",
               {"allocations": gt["produced_blocks"], "allocated_bytes": gt["produced_bytes"],
                "leaked_blocks": gt["leaked_blocks"], "leaked_bytes": gt["leaked_bytes"],
                "temporary": 0})
    check_site_location(check, top, "produce_block", "threads_handover.c", gt["produce_line"],
                        "gt_threads_handover")

    groups = leak_groups_with(h.leaks(check, trace), "produce_block")
    check.eq("leaked through produce_block: bytes", sum(g.get("bytes", 0) for g in groups),
             gt["leaked_bytes"])
    check.eq("leaked through produce_block: blocks", sum(g.get("blocks", 0) for g in groups),
             gt["leaked_blocks"])
