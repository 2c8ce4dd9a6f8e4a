"""calloc, reallocarray, posix_memalign, aligned_alloc, memalign, valloc and
pvalloc: one allocation call each of its requested size, freed through free;
failed calls (overflow, bad alignment) count for nothing."""

from memscope_harness import check_clean_exit, check_site, record_ground_truth

FUNCTIONS = ("use_calloc", "use_reallocarray", "use_posix_memalign", "use_aligned_alloc",
             "leak_memalign", "use_valloc", "use_pvalloc")


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "alloc_variants")
    check.eq("failed calls really failed (scenario sanity)", gt["failed_calls"], 3)
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    for field in ("allocation_calls", "allocated_bytes", "peak_heap_bytes", "leaked_bytes",
                  "leaked_blocks"):
        check.eq(field, s.get(field), gt[field])
    check.eq("unknown_frees", s.get("unknown_frees"), 0)

    top = h.top(check, trace, "allocated")
    for function in FUNCTIONS:
        leaked = gt["leaked_bytes"] if function == "leak_memalign" else 0
        check_site(check, top, function,
                   {"allocations": gt[function + "_calls"],
                    "allocated_bytes": gt[function + "_bytes"], "leaked_bytes": leaked})
