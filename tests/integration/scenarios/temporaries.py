"""Temporary allocations: exact count overall and per site; a block with
another allocation between its allocation and its free is not temporary."""

from memscope_harness import check_clean_exit, check_site, check_top_sorted, record_ground_truth


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "temporaries")
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    for field in ("allocation_calls", "allocated_bytes", "temporary_allocations", "leaked_bytes"):
        check.eq(field, s.get(field), gt[field])

    by_temporary = h.top(check, trace, "temporary")
    check_top_sorted(check, by_temporary, "temporary")
    check.eq("most temporaries: site", (by_temporary.get("sites") or [{}])[0].get("function"),
             "make_lone_temporaries")
    check.eq("temporaries listed by site add up",
             sum(r.get("temporary", 0) for r in by_temporary.get("sites", [])),
             gt["temporary_allocations"])

    # `top --by temporary` may leave out sites without temporaries; the
    # listing by allocations has every site.
    by_allocations = h.top(check, trace, "allocations")
    check_site(check, by_allocations, "make_lone_temporaries",
               {"temporary": gt["lone_temporaries"], "allocations": gt["lone_temporaries"]})
    check_site(check, by_allocations, "make_nested_pairs",
               {"temporary": gt["pair_temporaries"], "allocations": gt["pair_allocations"]})
    check_site(check, by_allocations, "make_kept_blocks", {"temporary": gt["kept_temporaries"]})
