"""`memscope latency`: call counts per function and size class agree with
the program's, mapping fresh memory shows up slower than reusing a cached
small block, and the large mallocs form their own slow class with the
mmap-threshold verdict and stacks that lead back to the program. Both timing
modes: exact (every call's duration) and compact (histograms)."""

import os

from memscope_harness import check_clean_exit, frames_have, record_ground_truth


def check_counts(check, gt, j, mode):
    functions = j.get("functions") or {}
    classes = j.get("size_classes") or {}
    count = lambda table, key: (table.get(key) or {}).get("count")
    check.eq(f"{mode}: malloc calls", count(functions, "malloc"), gt["malloc_calls"])
    check.eq(f"{mode}: free calls", count(functions, "free"), gt["free_calls"])
    check.eq(f"{mode}: mmap calls", count(functions, "mmap"), gt["mmap_calls"])
    check.eq(f"{mode}: munmap calls", count(functions, "munmap"), gt["munmap_calls"])
    check.eq(f"{mode}: large calls (malloc + free)", count(classes, "large"),
             2 * gt["large_mallocs"])
    check.eq(f"{mode}: tiny calls (malloc + free)", count(classes, "tiny"), 2 * gt["tiny_mallocs"])
    large = classes.get("large") or {}
    tiny = classes.get("tiny") or {}
    check.true(f"{mode}: a large call's median exceeds a tiny one's",
               (large.get("p50_ns") or 0) > (tiny.get("p50_ns") or 0),
               f"large {large.get('p50_ns')} ns, tiny {tiny.get('p50_ns')} ns")
    for name, row in functions.items():
        ordered = [row.get(k) for k in ("p50_ns", "p90_ns", "p99_ns", "p999_ns", "p9999_ns",
                                        "max_ns")]
        check.true(f"{mode}: {name} percentiles are ordered",
                   all(a is not None and b is not None and a <= b
                       for a, b in zip(ordered, ordered[1:])), repr(ordered))


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "latency_calls", run_options=["--timing", "exact"])
    check_clean_exit(check, h.summary(check, trace))
    exact = h.latency(check, trace, "--slow-ns", "1000")
    check.eq("exact: timing", exact.get("timing"), "exact")
    check_counts(check, gt, exact, "exact")

    slow_large = [c for c in exact.get("outlier_classes") or []
                  if c.get("function") == "malloc" and c.get("size_class") == "large"]
    if check.true("exact: the large mallocs form a slow class", slow_large,
                  repr(exact.get("outlier_classes"))):
        c = slow_large[0]
        # Each maps fresh memory (a system call and a page fault for the
        # chunk header): well over 1 us; a few may be cut short by nothing,
        # none can be cheaper than the mapping itself.
        check.ge("exact: slow large mallocs", c.get("count"), gt["large_mallocs"] // 2)
        check.eq("exact: their calls", c.get("calls"), gt["large_mallocs"])
        check.eq("exact: their size", c.get("max_size"), gt["large_size"])
        check.eq("exact: every slow large malloc got a mapping of its own",
                 c.get("own_mappings"), c.get("count"))
        # glibc writes the chunk header into the fresh mapping: a fault each.
        check.ge("exact: their page faults", c.get("minor_faults"), c.get("count"))
        check.true("exact: the verdict names the mmap threshold",
                   "M_MMAP_THRESHOLD" in str(c.get("verdict")), repr(c.get("verdict")))
    slow_frees = [c for c in exact.get("outlier_classes") or []
                  if c.get("function") == "free" and c.get("size_class") == "large"]
    if check.true("exact: the large frees form a slow class", slow_frees):
        check.eq("exact: every slow large free unmapped its own mapping",
                 slow_frees[0].get("own_mappings"), slow_frees[0].get("count"))
    large_outliers = [o for o in exact.get("outliers") or []
                      if o.get("function") == "malloc" and o.get("size") == gt["large_size"]]
    if check.true("exact: a large malloc is among the slowest calls", large_outliers,
                  repr([(o.get("function"), o.get("size")) for o in exact.get("outliers") or []])):
        check.eq("exact: it mapped its block", large_outliers[0].get("own_mapping"), True)
        check.true("exact: its stack leads to large_blocks",
                   frames_have(large_outliers[0].get("stack") or [], "large_blocks"),
                   repr(large_outliers[0].get("stack"))[:300])

    if os.access("/proc/pressure/memory", os.R_OK):
        # The writer samples the kernel's memory stall totals with the RSS:
        # a call between two samples has the stall between them.
        # The program waits several sample periods before and after its
        # calls, so every slow call lies between two samples.
        outliers = exact.get("outliers") or []
        around = [o for o in outliers
                  if o.get("rss_before_bytes") is not None and o.get("rss_after_bytes") is not None]
        check.eq("exact: every slow call lies between two samples", len(around), len(outliers))
        check.true("exact: slow calls between two samples have a memory stall figure",
                   around and all(o.get("memory_stall_us") is not None for o in around),
                   repr([(o.get("rss_after_bytes"), o.get("memory_stall_us")) for o in around]))

    _, gt, trace = record_ground_truth(h, check, "latency_calls")
    compact = h.latency(check, trace)
    check.eq("compact: timing", compact.get("timing"), "compact")
    check_counts(check, gt, compact, "compact")

    text = h.analyze("latency", trace, json_output=False)
    check.eq("text report exit status", text.returncode, 0)
    check.true("text report has the function table", "malloc" in text.stdout and "p99.9" in
               text.stdout, text.stdout[:300])
