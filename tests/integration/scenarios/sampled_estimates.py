"""Sampled mode: the same deterministic program (about 220 MB through 955,500
allocations over five sites) recorded in full and in sampled mode; every
site's estimated allocated bytes, the totals and the leak must lie within
the estimator's error of the exact figures, and the output must say that its
figures are estimates.

Tolerance. A sampled allocation of s bytes (sample rate R) is counted as s/p
bytes with p = 1 - exp(-s/R). The estimate of a site's bytes B is a sum of
independent terms with variance s^2 (1 - p) / p each, and
(1 - p) / p = 1 / (exp(s/R) - 1) <= R / s, so Var <= R * B: the standard
error is at most sqrt(R * B) (docs/recorder.md, "Sampled mode"). The test
allows 5 of those. With R = 64 KiB every site has at least ~240 expected
samples, so the estimate is close to normal and a 5-sigma miss has a chance
of about 6e-7 per check (Chebyshev alone bounds it by 1/25 without any
normality); the tolerance is also an over-estimate, as sqrt(R * B)
overstates the error of the large blocks. The test therefore cannot flake
in practice, and a real bias (say a lost free path or a wrong weight) of
more than ~30% on the smallest site, or a few % on the total, fails it.
"""

import math
import os

from memscope_harness import record_ground_truth, site_rows

RATE = 64 * 1024
SIGMAS = 5
SITES = {"tiny": "site_tiny", "small": "site_small", "medium": "site_medium",
         "large": "site_large", "leak": "leak_blocks"}


def tolerance(exact_bytes):
    return SIGMAS * math.sqrt(RATE * exact_bytes)


def check_within(check, what, estimate, exact):
    allowed = tolerance(exact)
    check.true(f"{what}: estimate {estimate} within {allowed:.0f} of {exact}",
               estimate is not None and abs(estimate - exact) <= allowed,
               f"off by {None if estimate is None else estimate - exact}")


def run(h, check):
    _, gt, full_trace = record_ground_truth(h, check, "sampled_sites")
    full = h.summary(check, full_trace)
    check.eq("full: mode", full.get("mode"), "full")
    check.eq("full: allocated_bytes", full.get("allocated_bytes"), gt["allocated_bytes"])
    check.eq("full: allocation_calls", full.get("allocation_calls"), gt["allocation_calls"])
    check.true("full: no estimate mark", "estimated" not in full)
    full_top = h.top(check, full_trace, "allocated")
    for key, function in SITES.items():
        rows = site_rows(full_top, function)
        check.eq(f"full: {function} bytes", sum(r.get("allocated_bytes", 0) for r in rows),
                 gt[f"{key}_bytes"])

    _, sgt, trace = record_ground_truth(h, check, "sampled_sites",
                                        run_options=("--mode", "sampled", "--sample-rate",
                                                     "64KiB"))
    check.eq("same workload in both runs", sgt["allocated_bytes"], gt["allocated_bytes"])
    s = h.summary(check, trace)
    check.eq("sampled: mode", s.get("mode"), "sampled")
    check.eq("sampled: estimated", s.get("estimated"), True)
    check.eq("sampled: sample_rate_bytes", s.get("sample_rate_bytes"), RATE)
    check.eq("sampled: lost_events", s.get("lost_events"), 0)
    check.eq("sampled: unknown_frees", s.get("unknown_frees"), 0)
    # Expected samples: about allocated_bytes / RATE (3,400 here), plus their frees.
    check.le("sampled: events recorded", s.get("events"),
             4 * gt["allocated_bytes"] // RATE + 2000)
    check_within(check, "sampled: allocated_bytes", s.get("allocated_bytes"),
                 gt["allocated_bytes"])
    check_within(check, "sampled: leaked_bytes", s.get("leaked_bytes"), gt["leaked_bytes"])

    top = h.top(check, trace, "allocated")
    check.eq("top: estimated", top.get("estimated"), True)
    check.eq("top: sample_rate_bytes", top.get("sample_rate_bytes"), RATE)
    for key, function in SITES.items():
        rows = site_rows(top, function)
        check.true(f"sampled: {function} has samples", rows)
        check_within(check, f"sampled: {function} allocated bytes",
                     sum(r.get("allocated_bytes", 0) for r in rows), gt[f"{key}_bytes"])

    leaks = h.leaks(check, trace)
    check.eq("leaks: estimated", leaks.get("estimated"), True)
    check_within(check, "leaks: leaked_bytes", leaks.get("leaked_bytes"), gt["leaked_bytes"])

    exported = h.analyze("export", trace, "--format", "json", json_output=False)
    check.eq("export json exit", exported.returncode, 0)
    check.true("export: estimated", '"estimated": true' in exported.stdout.replace('":true', '": true'),
               exported.stdout[:200])

    for command in ("summary", "top", "leaks"):
        human = h.analyze(command, trace, json_output=False)
        check.true(f"{command} (human) says estimated",
                   "estimated (sampled every ~64.00 KiB)" in human.stdout, human.stdout[:300])

    # The HTML report's data: the heap series, sizes and threads are weighted
    # like the summary (the same weight per allocation), and marked.
    report = h.analyze("report", trace)
    check.eq("report --json exit", report.returncode, 0)
    data = report.json or {}
    check.eq("report: summary estimated", data.get("summary", {}).get("estimated"), True)
    check.eq("report: flame graph estimated", data.get("flame", {}).get("estimated"), True)
    check.eq("report: flame sample_rate_bytes", data.get("flame", {}).get("sample_rate_bytes"), RATE)
    heap = data.get("timeline", {}).get("heap", {}).get("v", [])
    check.eq("report: the heap series peaks at the estimated peak", max(heap, default=None),
             s.get("peak_heap_bytes"))
    sizes = data.get("sizes", {}).get("classes", [])
    check.eq("report: size classes add up to the estimated calls",
             sum(c["count"] for c in sizes), s.get("allocation_calls"))
    check.eq("report: size classes add up to the estimated bytes",
             sum(c["bytes"] for c in sizes), s.get("allocated_bytes"))
    threads = data.get("threads", [])
    check.eq("report: per-thread calls add up to the estimated calls",
             sum(t["allocations"] for t in threads), s.get("allocation_calls"))
    check.eq("report: per-thread leaks add up to the estimated leak",
             sum(t["leaked_bytes"] for t in threads), s.get("leaked_bytes"))

    # The SVG flame graph says its widths are estimates, under its title.
    svg = os.path.join(h.workdir, "sampled.svg")
    r = h.run_command([h.memscope, "flamegraph", trace, "-o", svg])
    check.eq("flamegraph -o .svg exit", r.returncode, 0)
    with open(svg, encoding="utf-8") as f:
        check.true("SVG says estimated", "estimated (sampled every ~64.00 KiB)" in f.read())
