"""fork + exec: three traces. The parent's (<pid>.mst), the child's up to its
exec (<child>.mst, ending with exit how "exec"), and the exec'd program's
(same pid, so <child>.mst.1), each with exact figures."""

import os

from memscope_harness import check_clean_exit, check_site, record_ground_truth


def run(h, check):
    run_result, gt, parent_trace = record_ground_truth(h, check, "fork_exec",
                                                       [h.program("exec_target")])
    target_gt = run_result.report("exec_target")
    check.require("exec target printed its ground truth", target_gt is not None)
    check.eq("exec target runs in the forked child (scenario sanity)", target_gt["pid"],
             gt["child_pid"])

    parent = h.summary(check, parent_trace)
    check_clean_exit(check, parent)
    check.eq("parent allocation_calls", parent.get("allocation_calls"),
             gt["parent_allocation_calls"])

    before_exec_trace = h.trace_for(gt["child_pid"])
    exec_trace = h.trace_for(gt["child_pid"], ".1")
    files = sorted(os.listdir(h.workdir))
    check.true(f"child trace up to exec {before_exec_trace} exists",
               os.path.isfile(before_exec_trace), f"files: {files}")
    check.require(f"exec'd program trace {exec_trace} exists", os.path.isfile(exec_trace),
                  f"files: {files}")
    for trace in (before_exec_trace, exec_trace):
        check.true(f"stderr announces {os.path.basename(trace)}", trace in run_result.written_traces,
                   f"announced: {run_result.written_traces}")

    if os.path.isfile(before_exec_trace):
        before = h.summary(check, before_exec_trace)
        check.eq("pre-exec pid", before.get("pid"), gt["child_pid"])
        check.eq("pre-exec exit how", (before.get("exit") or {}).get("how"), "exec")
        check.eq("pre-exec allocation_calls", before.get("allocation_calls"),
                 gt["before_exec_allocation_calls"])
        check_site(check, h.top(check, before_exec_trace, "allocated"), "child_before_exec",
                   {"allocations": gt["before_exec_allocation_calls"],
                    "allocated_bytes": gt["before_exec_bytes"]})

    target = h.summary(check, exec_trace)
    check.eq("exec'd pid", target.get("pid"), gt["child_pid"])
    check.true("exec'd executable", str(target.get("executable", "")).endswith("gt_exec_target"),
               repr(target.get("executable")))
    check_clean_exit(check, target)
    for field in ("allocation_calls", "allocated_bytes", "leaked_bytes", "leaked_blocks"):
        check.eq(f"exec'd {field}", target.get(field), target_gt[field])
    check_site(check, h.top(check, exec_trace, "allocated"), "exec_target_work",
               {"allocations": target_gt["allocation_calls"],
                "leaked_bytes": target_gt["leaked_bytes"]})
