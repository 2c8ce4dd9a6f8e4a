"""A target that dies of SIGSEGV leaves a readable trace that ends with
signal 11 and holds every allocation made before the crash."""

from memscope_harness import check_site, record_ground_truth


def run(h, check):
    run_result, gt, trace = record_ground_truth(h, check, "segfault", status=None)
    check.eq("memscope run exit status", run_result.returncode,
             run_result.expected_signal_status(gt["pid"], gt["signal"]))
    s = h.summary(check, trace)
    check.eq("exit", s.get("exit"), {"how": "signal", "value": gt["signal"]})
    for field in ("allocation_calls", "allocated_bytes", "leaked_bytes", "leaked_blocks"):
        check.eq(field, s.get(field), gt[field])
    check_site(check, h.top(check, trace, "leaked"), "before_crash",
               {"allocations": gt["allocation_calls"], "leaked_bytes": gt["leaked_bytes"]})
