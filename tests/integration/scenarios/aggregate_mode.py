"""Aggregate mode, single-threaded programs: each program is recorded in full
and in aggregate mode, and summary, top and leaks must give the same figures
(calls, bytes, frees, temporaries, peak, leaks, per site and per leak stack)
as full mode, and the program's own ground truth where it states one.
`report` gives the same summary, sites, leaks and flame graph as full mode
and leaves out the views that need events; commands that need events
(latency, phases) refuse the trace with a clear message."""

from memscope_harness import record_ground_truth

PROGRAMS = ("basic_counts", "peak_pattern", "temporaries", "grow_by_count", "realloc_chain",
            "alloc_variants", "cxx_new_delete", "threads_handover")
# Programs whose ground-truth leak figures count their own blocks only (the
# thread library's are on top): compared with full mode alone.
SITE_LEVEL_TRUTH = {"threads_handover"}
SUMMARY_FIELDS = ("allocation_calls", "allocated_bytes", "free_calls", "temporary_allocations",
                  "peak_heap_bytes", "leaked_bytes", "leaked_blocks", "unknown_frees",
                  "lost_events")
SITE_FIELDS = ("peak_bytes", "leaked_bytes", "leaked_blocks", "allocated_bytes", "allocations",
               "temporary")


def sites_by_location(top):
    return {row.get("location"): {f: row.get(f) for f in SITE_FIELDS}
            for row in top.get("sites", [])}


def leak_groups(leaks):
    return sorted((g.get("bytes"), g.get("blocks"),
                   tuple(f.get("function") for f in g.get("stack", [])))
                  for g in leaks.get("leaks", []))


def report_data(h, check, trace):
    result = h.analyze("report", trace)
    check.require(f"report --json of {trace} succeeds",
                  result.returncode == 0 and result.json is not None, result.stderr[:300])
    return result.json


def report_sites(data):
    return {r["location"]: {f: r[f] for f in ("peak_bytes", "leaked_bytes", "allocated_bytes",
                                               "allocations", "temporary")}
            for r in data["sites"]["rows"]}


def report_leaks(data):
    return sorted((g["bytes"], g["blocks"], tuple(g["frames"])) for g in data["leaks"]["groups"])


def compare_reports(h, check, name, trace, full_trace):
    agg = report_data(h, check, trace)
    full = report_data(h, check, full_trace)
    check.eq(f"{name}: report has no event views", agg["has_events"], False)
    check.eq(f"{name}: full report has them", full["has_events"], True)
    for view in ("timeline", "sizes", "latency", "threads"):
        check.eq(f"{name}: report {view} left out", agg[view], None)
    for field in SUMMARY_FIELDS:
        check.eq(f"{name}: report summary {field} as in full mode", agg["summary"].get(field),
                 full["summary"].get(field))
    check.eq(f"{name}: report sites as in full mode", report_sites(agg), report_sites(full))
    check.eq(f"{name}: report leaks as in full mode", report_leaks(agg), report_leaks(full))
    check.eq(f"{name}: report flame graph totals as in full mode", agg["flame"]["root"]["v"],
             full["flame"]["root"]["v"])


def compare_program(h, check, name):
    _, gt, full_trace = record_ground_truth(h, check, name)
    _, agt, trace = record_ground_truth(h, check, name, run_options=("--mode", "aggregate"))
    full = h.summary(check, full_trace)
    agg = h.summary(check, trace)
    check.eq(f"{name}: mode", agg.get("mode"), "aggregate")
    for field in SUMMARY_FIELDS:
        check.eq(f"{name}: {field} as in full mode", agg.get(field), full.get(field))
        if field in agt and name not in SITE_LEVEL_TRUTH:
            check.eq(f"{name}: {field} as the program says", agg.get(field), agt[field])
    check.eq(f"{name}: peak stacks as in full mode",
             [(s.get("bytes"), s.get("blocks")) for s in agg.get("peak_heap_stacks", [])],
             [(s.get("bytes"), s.get("blocks")) for s in full.get("peak_heap_stacks", [])])
    for by in ("allocated", "peak"):
        check.eq(f"{name}: top --by {by} sites as in full mode",
                 sites_by_location(h.top(check, trace, by)),
                 sites_by_location(h.top(check, full_trace, by)))
    check.eq(f"{name}: leak groups as in full mode", leak_groups(h.leaks(check, trace)),
             leak_groups(h.leaks(check, full_trace)))
    compare_reports(h, check, name, trace, full_trace)
    return trace


def run(h, check):
    trace = None
    for name in PROGRAMS:
        trace = compare_program(h, check, name)

    human = h.analyze("summary", trace, json_output=False)
    check.true("summary (human) names the mode", "(aggregate mode)" in human.stdout,
               human.stdout[:300])
    for command in ("latency", "phases"):
        refused = h.analyze(command, trace, json_output=False)
        check.eq(f"{command} on an aggregate trace: exit status", refused.returncode, 2)
        check.true(f"{command} says why",
                   "not available for aggregate-mode traces" in refused.stderr,
                   refused.stderr[:300])
    for command, options in (("flamegraph", ("-o", "flame.svg")), ("export", ("--format", "folded")),
                             ("report", ("-o", "page.html"))):
        result = h.analyze(command, trace, *options, json_output=False)
        check.eq(f"{command} works on an aggregate trace", result.returncode, 0)
