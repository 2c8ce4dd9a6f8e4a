"""`memscope diff` of two runs of one program whose argument changes one
site by an exact amount: that site's change is exact and comes first, the
other site is unchanged, totals are NEW minus BASE; swapping the traces
flips every sign."""

import json
import os
import shutil

from memscope_harness import function_matches, record_ground_truth

BASE_COUNT = 5
NEW_COUNT = 12


def diff(h, check, base, new, *options):
    r = h.run_command([h.memscope, "diff", base, new, "--json", "-n", "0", *options])
    check.require(f"diff {' '.join(options)} succeeds", r.returncode == 0,
                  f"exit {r.returncode}: {r.stderr.strip()[:300]}")
    return json.loads(r.stdout)


def site(doc, function):
    return next((s for s in doc.get("sites", []) if function_matches(s.get("function"), function)),
                None)


def run(h, check):
    _, base_gt, base = record_ground_truth(h, check, "grow_by_count", [str(BASE_COUNT)])
    _, new_gt, new = record_ground_truth(h, check, "grow_by_count", [str(NEW_COUNT)])
    grow_change = new_gt["grow_bytes"] - base_gt["grow_bytes"]

    d = diff(h, check, base, new)
    totals = d.get("totals", {})
    for field in ("peak_heap_bytes", "allocation_calls", "allocated_bytes", "leaked_bytes"):
        check.eq(f"totals.{field} is NEW minus BASE", totals.get(field),
                 new_gt[field] - base_gt[field])
    check.eq("base_totals.peak_heap_bytes", d.get("base_totals", {}).get("peak_heap_bytes"),
             base_gt["peak_heap_bytes"])
    check.eq("new_totals.peak_heap_bytes", d.get("new_totals", {}).get("peak_heap_bytes"),
             new_gt["peak_heap_bytes"])
    check.eq("by defaults to peak", d.get("by"), "peak")
    check.eq("one site changed", d.get("changed_sites"), 1)
    check.eq("the steady site is unchanged", d.get("unchanged_sites"), 1)
    sites = d.get("sites", [])
    check.true("grow_blocks comes first",
               sites and function_matches(sites[0].get("function"), "grow_blocks"),
               repr([s.get("function") for s in sites]))
    grow = site(d, "grow_blocks")
    if check.true("grow_blocks site present", grow):
        change = grow.get("change", {})
        check.eq("grow_blocks peak change", change.get("peak_bytes"), grow_change)
        check.eq("grow_blocks allocated change", change.get("allocated_bytes"), grow_change)
        check.eq("grow_blocks allocations change", change.get("allocations"),
                 NEW_COUNT - BASE_COUNT)
        check.eq("grow_blocks temporary change", change.get("temporary"), 0)
        check.eq("grow_blocks base peak", grow.get("base", {}).get("peak_bytes"),
                 base_gt["grow_bytes"])
        check.eq("grow_blocks new peak", grow.get("new", {}).get("peak_bytes"),
                 new_gt["grow_bytes"])
        check.eq("grow_blocks status", grow.get("status"), "changed")
        check.eq("grow_blocks stack line (from NEW)", (grow.get("stack") or [{}])[0].get("line"),
                 new_gt["grow_line"])
    check.true("steady_blocks is not listed", site(d, "steady_blocks") is None)

    back = diff(h, check, new, base)
    check.eq("swapped: peak change flips", back.get("totals", {}).get("peak_heap_bytes"),
             -totals.get("peak_heap_bytes", 0))
    grow_back = site(back, "grow_blocks")
    check.eq("swapped: site change flips",
             (grow_back or {}).get("change", {}).get("peak_bytes"), -grow_change)

    # A copy of the program at another path is another build for the diff:
    # sites still match by function and module file name.
    other_dir = os.path.join(h.workdir, "elsewhere")
    os.makedirs(other_dir)
    copy = os.path.join(other_dir, "gt_grow_by_count")
    shutil.copy2(h.program("grow_by_count"), copy)
    moved = h.record([copy, str(BASE_COUNT)])
    moved_gt = moved.report("grow_by_count")
    check.require("moved copy ran", moved_gt is not None, moved.stderr[:300])
    same = diff(h, check, base, h.trace_for(moved_gt["pid"]))
    check.eq("same work from another path: nothing changed", same.get("changed_sites"), 0)
    check.eq("same work from another path: both sites matched", same.get("unchanged_sites"), 2)

    # Another build of the program (code added before the sites), under the
    # program's own file name as a build tree would have it: its sites sit at
    # other offsets, and still match by function and module name.
    rebuilt_dir = os.path.join(h.workdir, "rebuilt")
    os.makedirs(rebuilt_dir)
    rebuilt_copy = os.path.join(rebuilt_dir, "gt_grow_by_count")
    shutil.copy2(h.program("grow_by_count_rebuilt"), rebuilt_copy)
    rebuilt_run = h.record([rebuilt_copy, str(BASE_COUNT)])
    rebuilt_gt = rebuilt_run.report("grow_by_count_rebuilt")
    check.require("rebuilt program ran", rebuilt_gt is not None, rebuilt_run.stderr[:300])
    rebuilt = h.trace_for(rebuilt_gt["pid"])
    offsets = []
    for t in (base, rebuilt):
        top = h.top(check, t, "peak")
        row = next((r for r in top.get("sites", [])
                    if function_matches(r.get("function"), "grow_blocks")), {})
        offsets.append(((row.get("stack") or [{}])[0]).get("offset"))
    check.true("the rebuilt program's site is at another offset",
               None not in offsets and offsets[0] != offsets[1], str(offsets))
    rebuilt_diff = diff(h, check, base, rebuilt)
    check.eq("another build: nothing changed", rebuilt_diff.get("changed_sites"), 0)
    check.eq("another build: both sites matched", rebuilt_diff.get("unchanged_sites"), 2)
    check.eq("another build: no site added or removed",
             [s.get("status") for s in rebuilt_diff.get("sites", [])], [])
    grown = diff(h, check, rebuilt, new)
    check.eq("another build as BASE: grow_blocks change",
             ((site(grown, "grow_blocks") or {}).get("change") or {}).get("peak_bytes"),
             grow_change)

    by_calls = diff(h, check, base, new, "--by", "allocations")
    check.eq("--by allocations echoed", by_calls.get("by"), "allocations")

    human = h.run_command([h.memscope, "diff", base, new])
    check.eq("human diff: exit", human.returncode, 0)
    check.true("human diff shows a signed change",
               f"+{NEW_COUNT - BASE_COUNT}" in human.stdout and "grow_blocks" in human.stdout,
               human.stdout[:600])
    check.true("human diff shows signed units", "+6.84 KiB" in human.stdout, human.stdout[:600])

    r = h.run_command([h.memscope, "diff", base, os.path.join(h.workdir, "missing.mst")])
    check.eq("missing NEW: exit 2", r.returncode, 2)
    r = h.run_command([h.memscope, "diff", base])
    check.eq("one trace only: exit 2", r.returncode, 2)
