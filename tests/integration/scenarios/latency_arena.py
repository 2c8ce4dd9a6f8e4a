"""`memscope latency` sees a thread arena's heap move: a worker thread's
mallocs below the mmap threshold grow its arena's heap, and freeing them all
gives the heap's top back to the kernel (madvise). The grown and returned
bytes are charged to that thread's malloc and free calls, within bounds around
the bytes the program allocated (glibc adds chunk headers and a top pad)."""

from memscope_harness import check_clean_exit, record_ground_truth

SLACK = 512 * 1024  # glibc's top pad, trim threshold and the heap's first pages


def find_class(j, function, size_class):
    for c in j.get("outlier_classes") or []:
        if c.get("function") == function and c.get("size_class") == size_class:
            return c
    return {}


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "arena_trim",
                                      run_options=("--timing", "exact"))
    check_clean_exit(check, h.summary(check, trace))

    j = h.latency(check, trace, "--slow-ns", "1")
    low, high = gt["arena_bytes"] - SLACK, gt["arena_bytes"] + SLACK

    mallocs = find_class(j, "malloc", "medium")
    check.eq("the worker's mallocs form a class", mallocs.get("calls"), gt["arena_blocks"])
    check.ge("some mallocs grew the arena's heap", mallocs.get("arena_grows"), 1)
    grown = mallocs.get("arena_grown_bytes") or 0
    check.true("the heap grew by about the bytes allocated", low <= grown <= high,
               f"{grown} not in [{low}, {high}]")
    check.eq("no malloc gave heap back", mallocs.get("arena_trims"), 0)

    frees = find_class(j, "free", "medium")
    check.eq("the worker's frees form a class", frees.get("calls"), gt["arena_blocks"])
    check.ge("some frees trimmed the arena's heap", frees.get("arena_trims"), 1)
    returned = frees.get("arena_returned_bytes") or 0
    check.true("the heap gave back about the bytes allocated", low <= returned <= high,
               f"{returned} not in [{low}, {high}]")
    check.eq("no free grew the heap", frees.get("arena_grows"), 0)
    check.true("the free verdict names madvise and M_TRIM_THRESHOLD",
               "madvise" in str(frees.get("verdict")) and
               "M_TRIM_THRESHOLD" in str(frees.get("verdict")), repr(frees.get("verdict")))

    trims = [o for o in j.get("outliers") or []
             if o.get("function") == "free" and (o.get("arena_heap_delta_bytes") or 0) < 0]
    grows = [o for o in j.get("outliers") or []
             if o.get("function") == "malloc" and (o.get("arena_heap_delta_bytes") or 0) > 0]
    check.true("outliers carry the heap's movement", trims or grows,
               repr([(o.get("function"), o.get("arena_heap_delta_bytes"))
                     for o in j.get("outliers") or []]))

    text = h.analyze("latency", trace, "--slow-ns", "1", json_output=False)
    check.eq("text report exit status", text.returncode, 0)
    check.true("text report tells of the thread arena", "thread arena" in text.stdout,
               text.stdout[-600:])
