"""`memscope history`: runs added to a temporary database are listed with
their exact figures; `trend` compares each run with its baseline, flags a
regression past the threshold and exits 1 when the latest run regressed; the
default database lives under $XDG_DATA_HOME/memscope/."""

import json
import os

from memscope_harness import record_ground_truth


def history(h, *args, env_home=None):
    argv = [h.memscope, "history", *args]
    if env_home is None:
        return h.run_command(argv)
    # run_command has no env parameter: use env(1).
    return h.run_command(["env", f"XDG_DATA_HOME={env_home}", *argv])


def as_json(check, what, r):
    check.require(f"{what}: JSON on stdout", r.stdout.strip().startswith("{"),
                  f"exit {r.returncode}: {r.stderr.strip()[:300]}")
    return json.loads(r.stdout)


def run(h, check):
    db = os.path.join(h.workdir, "runs.db")
    counts = (10, 10, 11, 20)  # peaks 15000, 15000, 16000 (+6.7%), 25000 (+66.7%)
    runs = []
    for i, count in enumerate(counts):
        _, gt, trace = record_ground_truth(h, check, "grow_by_count", [str(count)])
        runs.append(gt)
        r = history(h, "add", trace, "--label", f"v{i + 1}", "--db", db, "--json")
        check.eq(f"add run {i + 1}: exit", r.returncode, 0)
        added = as_json(check, f"add run {i + 1}", r)
        check.eq(f"add run {i + 1}: id", added.get("id"), i + 1)
        check.eq(f"add run {i + 1}: peak", added.get("peak_heap_bytes"), gt["peak_heap_bytes"])

    listed = as_json(check, "list", history(h, "list", "--db", db, "--json"))
    rows = listed.get("runs", [])
    check.eq("list: every run", len(rows), len(counts))
    for row, gt in zip(rows, runs):
        for field in ("peak_heap_bytes", "allocation_calls", "allocated_bytes", "leaked_bytes"):
            check.eq(f"list run {row.get('id')} {field}", row.get(field), gt[field])
    check.eq("list: labels kept", [r.get("label") for r in rows], ["v1", "v2", "v3", "v4"])
    check.true("list: program recorded",
               all(str(r.get("program", "")).endswith("gt_grow_by_count") for r in rows))
    check.true("list: trace path is absolute", all(os.path.isabs(r.get("trace", ""))
                                                   for r in rows))
    human = history(h, "list", "--db", db)
    check.true("list (human): a table", "v4" in human.stdout and "PEAK" in human.stdout,
               human.stdout[:400])

    r = history(h, "trend", "--metric", "peak", "--db", db, "--json")
    check.eq("trend vs first with the latest at +66.7%: exit 1", r.returncode, 1)
    check.true("trend: regression named on stderr", "regression" in r.stderr, r.stderr)
    trend = as_json(check, "trend", r)
    points = trend.get("runs", [])
    check.eq("trend: one point per run", len(points), len(counts))
    check.eq("trend: first run is the baseline", points[0].get("baseline_id"), None)
    base_peak = runs[0]["peak_heap_bytes"]
    for point, gt in zip(points[1:], runs[1:]):
        expected = (gt["peak_heap_bytes"] - base_peak) / base_peak * 100
        check.true(f"trend run {point.get('id')} percent",
                   abs(point.get("percent_change", 1e9) - expected) < 1e-6,
                   f"{point.get('percent_change')} vs {expected}")
    check.eq("trend: regressions flagged", [p.get("regression") for p in points],
             [False, False, False, True])
    check.eq("trend: latest_regressed", trend.get("latest_regressed"), True)

    r = history(h, "trend", "--metric", "peak", "--threshold", "200", "--db", db, "--json")
    check.eq("trend under a 200% threshold: exit 0", r.returncode, 0)

    r = history(h, "trend", "--metric", "allocations", "--baseline", "previous", "--db", db,
                "--json")
    prev = as_json(check, "trend --baseline previous", r)
    check.eq("previous: baselines", [p.get("baseline_id") for p in prev.get("runs", [])],
             [None, 1, 2, 3])
    check.eq("previous: latest regressed (30 vs 21 allocation calls, +42.9%)", r.returncode, 1)

    r = history(h, "trend", "--metric", "leaked", "--baseline", "3", "--db", db, "--json")
    by_id = as_json(check, "trend --baseline 3", r)
    check.eq("baseline by id: exit 0 (nothing leaks)", r.returncode, 0)
    check.eq("baseline by id", [p.get("baseline_id") for p in by_id.get("runs", [])],
             [3, 3, None, 3])

    human = history(h, "trend", "--metric", "peak", "--db", db)
    check.true("trend (human) flags the regression", "REGRESSION" in human.stdout,
               human.stdout[:600])

    for args, label in ((["trend", "--baseline", "99", "--db", db], "an unknown baseline id"),
                        (["trend", "--metric", "speed", "--db", db], "an unknown metric"),
                        (["list", "--db", os.path.join(h.workdir, "none.db")], "a missing db"),
                        (["add", os.path.join(h.workdir, "missing.mst"), "--db", db],
                         "a missing trace")):
        r = history(h, *args)
        check.eq(f"{label}: exit 2", r.returncode, 2)
        check.true(f"{label}: message", r.stderr.startswith("memscope: error:"), r.stderr)
    not_db = os.path.join(h.workdir, "text.db")
    with open(not_db, "w") as f:
        f.write("not sqlite\n" * 100)
    r = history(h, "list", "--db", not_db)
    check.eq("not a database: exit 2", r.returncode, 2)

    xdg = os.path.join(h.workdir, "xdg")
    r = history(h, "add", h.trace_for(runs[0]["pid"]), env_home=xdg)
    check.eq("add to the default database: exit", r.returncode, 0)
    check.true("default database under $XDG_DATA_HOME/memscope/",
               os.path.isfile(os.path.join(xdg, "memscope", "history.db")),
               repr(os.listdir(h.workdir)))
