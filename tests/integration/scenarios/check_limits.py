"""`memscope check` against a program whose figures are exact: limits equal
to a figure pass, one unit below fail with a message naming the limit; exit
codes are 0, 1 and 2 exactly; sizes take binary and decimal units."""

import json
import os

from memscope_harness import record_ground_truth


def check_cmd(h, trace, *limits):
    return h.run_command([h.memscope, "check", trace, *limits])


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "basic_counts")
    peak = gt["peak_heap_bytes"]
    leaked = gt["leaked_bytes"]
    calls = gt["allocation_calls"]

    at_limits = ["--max-peak", str(peak), "--max-leaked", str(leaked),
                 "--max-allocations", str(calls), "--max-temporary", "0"]
    r = check_cmd(h, trace, *at_limits)
    check.eq("limits equal to the figures: exit", r.returncode, 0)
    check.true("pass is reported on stdout", "check passed" in r.stdout, repr(r.stdout))
    check.eq("pass prints nothing on stderr", r.stderr.strip(), "")

    r = check_cmd(h, trace, "--max-peak", str(peak - 1), "--max-leaked", str(leaked),
                  "--max-allocations", str(calls - 1))
    check.eq("two limits exceeded: exit", r.returncode, 1)
    lines = r.stderr.strip().splitlines()
    check.eq("one line per exceeded limit", len(lines), 2)
    check.true("peak message names --max-peak",
               any(line.startswith("memscope: check failed: peak heap") and "--max-peak" in line
                   for line in lines), repr(lines))
    check.true("allocations message names --max-allocations",
               any("allocation calls 113 exceeds --max-allocations 112" in line
                   for line in lines), repr(lines))
    check.true("the limit that holds is not named", not any("--max-leaked" in line
                                                             for line in lines))

    r = check_cmd(h, trace, "--max-peak", "1MiB", "--max-leaked", "1kB", "--json")
    check.eq("leak over 1 kB: exit", r.returncode, 1)
    verdict = json.loads(r.stdout) if r.stdout.strip().startswith("{") else {}
    check.eq("json passed", verdict.get("passed"), False)
    limits = {x.get("option"): x for x in verdict.get("limits", [])}
    check.eq("json --max-peak value", limits.get("--max-peak", {}).get("value"), peak)
    check.eq("json --max-peak limit (1 MiB)", limits.get("--max-peak", {}).get("limit"), 1 << 20)
    check.eq("json --max-peak passed", limits.get("--max-peak", {}).get("passed"), True)
    check.eq("json --max-leaked limit (1 kB)", limits.get("--max-leaked", {}).get("limit"), 1000)
    check.eq("json --max-leaked metric", limits.get("--max-leaked", {}).get("metric"),
             "leaked_bytes")
    check.eq("json --max-leaked passed", limits.get("--max-leaked", {}).get("passed"), False)

    r = check_cmd(h, trace, "--max-peak", "0.05MB")
    check.eq("peak under 0.05 MB: exit", r.returncode, 0 if peak <= 50_000 else 1)

    for bad, label in ((["--max-peak", "ten"], "a size that is not one"),
                       (["--max-allocations", "1.5"], "a fractional count"),
                       ([], "no limit at all")):
        r = check_cmd(h, trace, *bad)
        check.eq(f"{label}: exit 2", r.returncode, 2)
        check.true(f"{label}: an error message", r.stderr.startswith("memscope: error:"),
                   repr(r.stderr))
    r = check_cmd(h, os.path.join(h.workdir, "missing.mst"), "--max-peak", "1MiB")
    check.eq("missing trace: exit 2", r.returncode, 2)
    not_a_trace = os.path.join(h.workdir, "text.mst")
    with open(not_a_trace, "w") as f:
        f.write("not a trace\n" * 10)
    r = check_cmd(h, not_a_trace, "--max-peak", "1MiB")
    check.eq("not a trace: exit 2", r.returncode, 2)
