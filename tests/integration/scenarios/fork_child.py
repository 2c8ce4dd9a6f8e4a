"""fork: the child writes its own trace, <child pid>.mst, holding what it did
after the fork and its exit status; the parent's trace holds only the
parent's work."""

import os

from memscope_harness import check_clean_exit, check_site, record_ground_truth, site_rows


def run(h, check):
    run_result, gt, parent_trace = record_ground_truth(h, check, "fork_child")
    parent = h.summary(check, parent_trace)
    check_clean_exit(check, parent)
    check.eq("parent pid", parent.get("pid"), gt["pid"])
    check.eq("parent allocation_calls", parent.get("allocation_calls"),
             gt["parent_allocation_calls"])
    check.eq("parent leaked_bytes", parent.get("leaked_bytes"), gt["parent_leaked_bytes"])
    check.eq("parent leaked_blocks", parent.get("leaked_blocks"), gt["parent_leaked_blocks"])
    parent_top = h.top(check, parent_trace, "allocated")
    check.eq("child_work absent from the parent's trace", site_rows(parent_top, "child_work"), [])

    child_trace = h.trace_for(gt["child_pid"])
    check.require(f"child trace {child_trace} exists", os.path.isfile(child_trace),
                  f"files: {sorted(os.listdir(h.workdir))}")
    check.true("stderr announces the child trace", child_trace in run_result.written_traces,
               f"announced: {run_result.written_traces}")
    child = h.summary(check, child_trace)
    check.eq("child pid", child.get("pid"), gt["child_pid"])
    check_clean_exit(check, child, gt["child_exit_status"])
    check.eq("child allocation_calls", child.get("allocation_calls"),
             gt["child_allocation_calls"])
    check.eq("child allocated_bytes", child.get("allocated_bytes"), gt["child_allocated_bytes"])
    child_top = h.top(check, child_trace, "allocated")
    check_site(check, child_top, "child_work",
               {"allocations": gt["child_allocation_calls"],
                "allocated_bytes": gt["child_allocated_bytes"],
                "leaked_bytes": gt["child_leaked_bytes"],
                "leaked_blocks": gt["child_leaked_blocks"]})
