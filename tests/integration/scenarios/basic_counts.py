"""Single thread: exact whole-process counts, bytes, peak, leaks, and the
sites and source lines behind them; every analysis command agrees with the
others."""

import os

from memscope_harness import (check_clean_exit, check_site, check_site_location, check_top_sorted,
                              frames_have, leak_groups_with, record_ground_truth, site_rows)

SOURCE = "basic_counts.c"
MODULE = "gt_basic_counts"


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "basic_counts")
    s = h.summary(check, trace)

    check.eq("pid", s.get("pid"), gt["pid"])
    check.true("executable names the program", str(s.get("executable", "")).endswith(MODULE),
               repr(s.get("executable")))
    check.true("command_line[0] names the program",
               str((s.get("command_line") or [""])[0]).endswith(MODULE), repr(s.get("command_line")))
    check.eq("mode", s.get("mode"), "full")
    check.eq("truncated", s.get("truncated"), False)
    check_clean_exit(check, s)
    for field in ("allocation_calls", "allocated_bytes", "free_calls", "temporary_allocations",
                  "peak_heap_bytes", "leaked_bytes", "leaked_blocks"):
        check.eq(field, s.get(field), gt[field])
    check.eq("unknown_frees", s.get("unknown_frees"), 0)
    check.eq("lost_events", s.get("lost_events"), 0)
    check.eq("threads", s.get("threads"), 1)
    check.eq("mmap.calls", (s.get("mmap") or {}).get("calls"), 0)
    check.ge("duration_ns", s.get("duration_ns"), 1)
    check.ge("peak_rss_bytes", s.get("peak_rss_bytes"), 1)
    check.ge("events", s.get("events"), gt["allocation_calls"] + gt["free_calls"])

    stacks = s.get("peak_heap_stacks") or []
    if check.true("peak_heap_stacks present", stacks):
        check.eq("largest stack at peak: bytes", stacks[0].get("bytes"), gt["medium_bytes"])
        check.eq("largest stack at peak: blocks", stacks[0].get("blocks"), gt["medium_count"])
        check.true("largest stack at peak is make_medium_blocks <- main",
                   frames_have(stacks[0].get("frames"), "make_medium_blocks")
                   and frames_have(stacks[0].get("frames"), "main"))
        check.eq("peak stacks add up to the peak", sum(x.get("bytes", 0) for x in stacks),
                 gt["peak_heap_bytes"])

    by_leaked = h.top(check, trace, "leaked")
    check_top_sorted(check, by_leaked, "leaked")
    check.eq("top --by leaked truncated", by_leaked.get("truncated"), False)
    first = (by_leaked.get("sites") or [{}])[0]
    check.eq("top leaked site", first.get("function"), "leak_three_blocks")
    check_site(check, by_leaked, "leak_three_blocks",
               {"leaked_bytes": gt["leaked_bytes"], "leaked_blocks": gt["leaked_blocks"],
                "allocations": 3, "allocated_bytes": gt["leaked_bytes"], "temporary": 0})
    check_site_location(check, by_leaked, "leak_three_blocks", SOURCE, gt["leak_line"], MODULE)
    rows = site_rows(by_leaked, "leak_three_blocks")
    if rows:
        frames = rows[0].get("stack") or []
        check.true("leak site stack reaches main", frames_have(frames, "main"))
        check.true("leak site stack frames carry hex addresses",
                   frames and all(str(f.get("address", "")).startswith("0x") for f in frames))
        check.true("no frame below the site is the recorder's",
                   not any("libmemscope" in str(f.get("module", "")) for f in frames),
                   repr([f.get("module") for f in frames]))

    by_allocations = h.top(check, trace, "allocations")
    check_top_sorted(check, by_allocations, "allocations")
    check.eq("most allocations: site",
             (by_allocations.get("sites") or [{}])[0].get("function"), "make_small_blocks")
    check_site(check, by_allocations, "make_small_blocks",
               {"allocations": gt["small_count"], "allocated_bytes": gt["small_bytes"],
                "leaked_bytes": 0, "peak_bytes": gt["small_bytes"]})
    check_site_location(check, by_allocations, "make_small_blocks", SOURCE, gt["small_line"], MODULE)
    check.eq("sites' allocations add up to allocation_calls",
             sum(r.get("allocations", 0) for r in by_allocations.get("sites", [])),
             gt["allocation_calls"])

    by_allocated = h.top(check, trace, "allocated")
    check_top_sorted(check, by_allocated, "allocated")
    check.eq("most bytes allocated: site",
             (by_allocated.get("sites") or [{}])[0].get("function"), "make_medium_blocks")
    check_site(check, by_allocated, "make_medium_blocks",
               {"allocations": gt["medium_count"], "allocated_bytes": gt["medium_bytes"]})
    check_site_location(check, by_allocated, "make_medium_blocks", SOURCE, gt["medium_line"],
                        MODULE)
    check.eq("sites' bytes add up to allocated_bytes",
             sum(r.get("allocated_bytes", 0) for r in by_allocated.get("sites", [])),
             gt["allocated_bytes"])

    check_top_sorted(check, h.top(check, trace, "peak"), "peak")
    check_top_sorted(check, h.top(check, trace, "temporary"), "temporary")

    leaks = h.leaks(check, trace)
    check.eq("leaks leaked_bytes", leaks.get("leaked_bytes"), gt["leaked_bytes"])
    check.eq("leaks leaked_blocks", leaks.get("leaked_blocks"), gt["leaked_blocks"])
    check.eq("leaks truncated", leaks.get("truncated"), False)
    groups = leak_groups_with(leaks, "leak_three_blocks")
    check.eq("leak groups through leak_three_blocks", len(groups), 1)
    if groups:
        check.eq("leak group bytes", groups[0].get("bytes"), gt["leaked_bytes"])
        check.eq("leak group blocks", groups[0].get("blocks"), gt["leaked_blocks"])
        site_frame = next((f for f in groups[0].get("stack", [])
                           if f.get("function") == "leak_three_blocks"), {})
        check.eq("leak frame line", site_frame.get("line"), gt["leak_line"])
        check.true("leak frame file", str(site_frame.get("file", "")).endswith(SOURCE),
                   repr(site_frame.get("file")))
        check.eq("leak frame inlined", site_frame.get("inlined"), False)

    for command in ("summary", "top", "leaks"):
        human = h.analyze(command, trace, json_output=False)
        check.eq(f"{command} (human) exit", human.returncode, 0)
        check.true(f"{command} (human) prints something", human.stdout.strip())
    human = h.analyze("summary", trace, json_output=False)
    check.true("human summary shows a unit", any(u in human.stdout for u in ("KiB", "MiB", " B")),
               human.stdout[:200])
    check.eq("trace file mode", oct(os.stat(trace).st_mode & 0o777), oct(0o600))
