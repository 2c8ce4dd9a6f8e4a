"""Page faults are charged only to the allocator call that took them: after a
failed malloc of 64 KiB or more (whose count never finished) and pages
faulted in outside any call, small memalign and realloc calls report none."""

from memscope_harness import check_clean_exit, record_ground_truth


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "stale_faults",
                                      run_options=("--timing", "exact"))
    check_clean_exit(check, h.summary(check, trace))
    latency = h.latency(check, trace, "--slow-ns", "1")
    classes = {(c.get("function"), c.get("size_class")): c
               for c in latency.get("outlier_classes") or []}
    for function in ("memalign", "realloc"):
        c = classes.get((function, "tiny"), {})
        # A call can take under 1 ns of the clock and not count as slow.
        check.ge(f"{function} tiny calls seen", c.get("count", 0), gt["rounds"] // 2)
        check.eq(f"{function} tiny minor faults", c.get("minor_faults"), 0)
        check.eq(f"{function} tiny major faults", c.get("major_faults"), 0)
