"""A dlopen'ed library's allocations are symbolized to its function, file and
line, also for a block still live after the library was dlclosed."""

from memscope_harness import (check_clean_exit, check_site, check_site_location,
                              leak_groups_with, record_ground_truth)


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "dlopen_plugin", [h.library("gt_plugin")])
    s = h.summary(check, trace)
    check_clean_exit(check, s)

    top = h.top(check, trace, "allocated")
    check_site(check, top, gt["function"],
               {"allocations": gt["allocations"], "allocated_bytes": gt["allocated_bytes"],
                "leaked_bytes": gt["leaked_bytes"], "leaked_blocks": gt["leaked_blocks"]})
    check_site_location(check, top, gt["function"], gt["file"], gt["line"], gt["module"])

    groups = leak_groups_with(h.leaks(check, trace), gt["function"])
    check.eq("leak groups through the plugin", len(groups), 1)
    if groups:
        check.eq("plugin leak bytes", groups[0].get("bytes"), gt["leaked_bytes"])
        frame = next(f for f in groups[0]["stack"] if f.get("function") == gt["function"])
        check.eq("plugin leak frame line", frame.get("line"), gt["line"])
        check.true("plugin leak frame file", str(frame.get("file", "")).endswith(gt["file"]),
                   repr(frame.get("file")))
        check.true("plugin leak frame module", str(frame.get("module", "")).endswith(gt["module"]),
                   repr(frame.get("module")))
