"""`memscope run --phases FILE`: windows from a CSV become phases of the
trace (thread 0) at their exact offsets, clipped to the recorded span, under
both timings; a bad file fails with its line and column before anything runs."""

import datetime
import os

from memscope_harness import record_ground_truth


def write(h, name, text):
    path = os.path.join(h.workdir, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def phases_json(h, check, trace):
    result = h.analyze("phases", trace)
    check.require(f"phases {trace} succeeds", result.returncode == 0 and result.json is not None,
                  result.stderr[:300])
    return result.json


def check_bad_file(h, check, what, text, expected_line_column, expected_message):
    path = write(h, what.replace(" ", "_") + ".csv", text)
    before = set(os.listdir(h.workdir))
    result = h.run_command([h.memscope, "run", "-o", h.trace_pattern(), "--phases", path, "--",
                            h.program("basic_counts")])
    check.eq(f"bad phases file ({what}): exit status", result.returncode, 2)
    check.true(f"bad phases file ({what}): message names line and column",
               f"{path}:{expected_line_column}:" in result.stderr
               and expected_message in result.stderr, result.stderr.strip())
    check.eq(f"bad phases file ({what}): nothing ran",
             sorted(set(os.listdir(h.workdir)) - before), [])


def run(h, check):
    # Offsets in every unit; "whole" reaches past the end and is clipped; an
    # ISO window an hour either side of now covers the whole run.
    now = datetime.datetime.now(datetime.timezone.utc)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"  # noqa: E731
    windows = write(h, "windows.csv",
                    "name,start,end\n"
                    "# a comment, then a blank line\n\n"
                    "early,0,1ms\n"
                    "inner,250us,500000ns\n"
                    "whole,0,1min\n"
                    f"clock,{iso(now - datetime.timedelta(hours=1))},"
                    f"{iso(now + datetime.timedelta(hours=1))}\n")
    for timing in ("compact", "exact"):
        _, gt, trace = record_ground_truth(h, check, "annotations",
                                           run_options=("--timing", timing, "--phases", windows))
        phases = phases_json(h, check, trace)
        summary = h.summary(check, trace)
        found = {p["name"]: p for p in phases["phases"] if p["source"] == "window"}
        check.eq(f"{timing}: windows stored", sorted(found), ["clock", "early", "inner", "whole"])
        for p in found.values():
            check.eq(f"{timing}: {p['name']} is on thread 0", p["tid"], 0)
        early, inner = found.get("early", {}), found.get("inner", {})
        check.eq(f"{timing}: early begins at the start", early.get("begin_ns"), 0)
        check.eq(f"{timing}: early ends at 1 ms", early.get("end_ns"), 1000000)
        check.eq(f"{timing}: inner at 250-500 us", (inner.get("begin_ns"), inner.get("end_ns")),
                 (250000, 500000))
        # clock and whole cover the run, early nests in them, inner in early.
        check.eq(f"{timing}: inner nests in early", inner.get("depth"),
                 (early.get("depth") or 0) + 1)
        whole = found.get("whole", {})
        check.true(f"{timing}: whole is clipped to the trace",
                   whole.get("end_ns", 0) <= summary["duration_ns"] and whole.get("end_ns", 0) > 0,
                   f"{whole.get('end_ns')} vs duration {summary['duration_ns']}")
        check.eq(f"{timing}: whole saw every allocation", whole.get("allocated_bytes"),
                 summary["allocated_bytes"])
        check.eq(f"{timing}: clock window begins at the start", found.get("clock", {}).get(
            "begin_ns"), 0)
        program = [p for p in phases["phases"] if p["source"] == "program"]
        check.eq(f"{timing}: the program's own phases are still there", len(program), 9)

    check_bad_file(h, check, "not a time", "solve,abc,1s\n", "1:7", "'abc' is not a time")
    check_bad_file(h, check, "missing field", "a,0,1s\nb,2s\n", "2:5", "expected 3 fields")
    check_bad_file(h, check, "ends before it starts", "a,2s,1s\n", "1:6",
                   "ends before it starts")
    check_bad_file(h, check, "crossing windows", "a,0,2s\nb,1s,3s\n", "2:3",
                   "without nesting")
    check_bad_file(h, check, "empty name", ",0,1s\n", "1:1", "name is empty")
    result = h.run_command([h.memscope, "run", "--phases", os.path.join(h.workdir, "missing.csv"),
                            "--", h.program("basic_counts")])
    check.eq("missing phases file: exit status", result.returncode, 2)
    check.true("missing phases file: says so", "cannot read the phases file" in result.stderr,
               result.stderr)
