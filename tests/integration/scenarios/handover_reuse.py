"""Hand-overs within one time unit: the owner thread frees its own block,
allocates the same address again and hands it to a consumer that frees it at
once, often all within 1.024 us. With compact timing (the default) the times
cannot order the two threads there; the replay must still free every block
once, the owner's own and the handed-over one, in the summary, the leaks and
the report's per-thread figures and heap series. Also with exact times."""

from memscope_harness import (check_clean_exit, check_site, leak_groups_with,
                              record_ground_truth)


def run(h, check):
    for timing in ("compact", "exact"):
        _, gt, trace = record_ground_truth(h, check, "handover_reuse",
                                           run_options=("--timing", timing))
        rounds = gt["rounds"]
        check.eq(f"{timing}: the allocator gave the freed address back (scenario sanity)",
                 gt["reused_addresses"], rounds)

        s = h.summary(check, trace)
        check_clean_exit(check, s)
        check.eq(f"{timing}: unknown_frees", s.get("unknown_frees"), 0)
        check.eq(f"{timing}: lost_events", s.get("lost_events"), 0)
        check.ge(f"{timing}: free_calls", s.get("free_calls"), 2 * rounds)

        top = h.top(check, trace, "allocated")
        check_site(check, top, "hand_block",
                   {"allocations": rounds, "allocated_bytes": rounds * gt["block_size"],
                    "leaked_blocks": 0, "leaked_bytes": 0}, where=f"{timing}: ")
        check_site(check, top, "keep_block",
                   {"allocations": rounds + 1, "leaked_blocks": 1,
                    "leaked_bytes": gt["block_size"]}, where=f"{timing}: ")

        leaks = h.leaks(check, trace)
        check.eq(f"{timing}: leaked through keep_block: blocks",
                 sum(g.get("blocks", 0) for g in leak_groups_with(leaks, "keep_block")), 1)
        check.eq(f"{timing}: no leak through hand_block",
                 len(leak_groups_with(leaks, "hand_block")), 0)

        result = h.analyze("report", trace)
        check.require(f"{timing}: report --json succeeds",
                      result.returncode == 0 and result.json is not None, result.stderr[:300])
        threads = result.json["threads"]
        consumer = [t for t in threads if t["allocations"] == 0 and t["frees"] > 0]
        check.eq(f"{timing}: report: one thread only frees", len(consumer), 1)
        if consumer:
            check.eq(f"{timing}: report: the consumer's frees", consumer[0]["frees"], rounds)
        check.eq(f"{timing}: report: frees over the threads", sum(t["frees"] for t in threads),
                 s.get("free_calls"))
        check.eq(f"{timing}: report: leaked bytes over the threads",
                 sum(t["leaked_bytes"] for t in threads), s.get("leaked_bytes"))
        heap = result.json["timeline"]["heap"]["v"]
        check.eq(f"{timing}: report: the heap series ends at the leaked bytes",
                 heap[-1] if heap else None, s.get("leaked_bytes"))
