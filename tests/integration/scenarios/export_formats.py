"""`memscope export` of a program whose allocations are exact: folded values
add up to the known bytes per metric, pprof's top function (read by
`go tool pprof`) is the one that allocates most, speedscope's structure is
sound (indices in range, weights summing to endValue), and JSON/CSV rows carry
every metric."""

import csv
import gzip
import json
import os
import shutil
import subprocess

from memscope_harness import record_ground_truth

FUNCTIONS = ("make_small_blocks", "make_medium_blocks", "leak_three_blocks")


def export(h, check, trace, fmt, *options):
    out = os.path.join(h.workdir, f"export.{fmt}")
    r = h.run_command([h.memscope, "export", trace, "--format", fmt, "-o", out, *options])
    check.require(f"export --format {fmt} {' '.join(options)} succeeds", r.returncode == 0,
                  f"exit {r.returncode}: {r.stderr.strip()[:300]}")
    return out


def folded_lines(path):
    rows = []
    with open(path) as f:
        for line in f:
            stack, _, value = line.rstrip("\n").rpartition(" ")
            rows.append((stack.split(";"), int(value)))
    return rows


def check_folded(h, check, trace, gt):
    expected = {
        "allocated": {"make_small_blocks": gt["small_bytes"],
                      "make_medium_blocks": gt["medium_bytes"],
                      "leak_three_blocks": gt["leaked_bytes"]},
        "allocations": {"make_small_blocks": gt["small_count"],
                        "make_medium_blocks": gt["medium_count"], "leak_three_blocks": 3},
        "leaked": {"leak_three_blocks": gt["leaked_bytes"]},
        "peak": {"make_small_blocks": gt["small_bytes"], "make_medium_blocks": gt["medium_bytes"],
                 "leak_three_blocks": gt["leaked_bytes"]},
    }
    totals = {"allocated": gt["allocated_bytes"], "allocations": gt["allocation_calls"],
              "leaked": gt["leaked_bytes"], "peak": gt["peak_heap_bytes"]}
    for metric, per_function in expected.items():
        rows = folded_lines(export(h, check, trace, "folded", "--metric", metric))
        check.eq(f"folded {metric}: values add up", sum(v for _, v in rows), totals[metric])
        check.true(f"folded {metric}: every stack is root first (main before the site)",
                   all("main" in s and s.index("main") < len(s) - 1 for s, _ in rows),
                   repr([s for s, _ in rows][:3]))
        check.eq(f"folded {metric}: one line per unique stack",
                 len({";".join(s) for s, _ in rows}), len(rows))
        for function, value in per_function.items():
            got = sum(v for s, v in rows if s[-1] == function)
            check.eq(f"folded {metric}: {function}", got, value)
    default = folded_lines(export(h, check, trace, "folded"))
    check.eq("folded default metric is allocated bytes", sum(v for _, v in default),
             gt["allocated_bytes"])


def check_pprof(h, check, trace, gt):
    path = export(h, check, trace, "pprof")
    with open(path, "rb") as f:
        head = f.read(2)
    check.eq("pprof file is gzipped", head, b"\x1f\x8b")
    with gzip.open(path) as f:
        check.true("pprof profile decompresses", len(f.read()) > 0)
    go = shutil.which("go")
    if not check.true("go is installed (scripts/install-deps.sh installs golang-go)", go):
        return
    home = os.path.join(h.workdir, "gohome")
    env = dict(os.environ, HOME=home, GOCACHE=os.path.join(home, "cache"),
               GOPATH=os.path.join(home, "path"), GOPROXY="off", GOFLAGS="-mod=mod",
               GOTOOLCHAIN="local", PPROF_TMPDIR=home)
    os.makedirs(home, exist_ok=True)
    for index, function in (("alloc_space", "make_medium_blocks"),
                            ("alloc_objects", "make_small_blocks"),
                            ("leaked_space", "leak_three_blocks")):
        r = subprocess.run([go, "tool", "pprof", "-top", f"-sample_index={index}",
                            "-symbolize=none", path], capture_output=True, text=True, env=env,
                           timeout=120, cwd=h.workdir)
        h.log(f"$ go tool pprof -top -sample_index={index} -symbolize=none {path}\n{r.stdout}")
        check.eq(f"go tool pprof -sample_index={index}: exit", r.returncode, 0)
        lines = r.stdout.splitlines()
        header = next((i for i, line in enumerate(lines) if line.strip().startswith("flat")), None)
        top = lines[header + 1].split()[-1] if header is not None and header + 1 < len(lines) else ""
        check.eq(f"pprof top function by {index}", top, function)
    r = subprocess.run([go, "tool", "pprof", "-raw", "-symbolize=none", path],
                       capture_output=True, text=True, env=env, timeout=120, cwd=h.workdir)
    check.true("pprof -raw lists the sample types",
               all(t in r.stdout for t in ("alloc_space/bytes", "peak_space/bytes",
                                           "leaked_space/bytes", "temporary_objects/count")),
               r.stdout[:400])


def check_speedscope(h, check, trace, gt):
    with open(export(h, check, trace, "speedscope", "--metric", "leaked")) as f:
        doc = json.load(f)
    check.eq("speedscope $schema", doc.get("$schema"),
             "https://www.speedscope.app/file-format-schema.json")
    frames = doc.get("shared", {}).get("frames", [])
    check.true("speedscope frames have names",
               frames and all(isinstance(fr.get("name"), str) for fr in frames))
    profiles = doc.get("profiles", [])
    check.eq("speedscope: one profile per metric", len(profiles), 5)
    check.eq("speedscope: --metric picks the active profile",
             profiles[doc.get("activeProfileIndex", -1)].get("name") if profiles else None,
             "leaked bytes")
    totals = {"allocated bytes": gt["allocated_bytes"], "allocation calls": gt["allocation_calls"],
              "leaked bytes": gt["leaked_bytes"], "temporary allocations": 0,
              "peak heap (bytes held at the peak)": gt["peak_heap_bytes"]}
    for p in profiles:
        name = p.get("name")
        check.eq(f"speedscope {name}: type", p.get("type"), "sampled")
        check.true(f"speedscope {name}: unit", p.get("unit") in ("bytes", "none"))
        samples, weights = p.get("samples", []), p.get("weights", [])
        check.eq(f"speedscope {name}: samples and weights match", len(samples), len(weights))
        check.true(f"speedscope {name}: indices in range",
                   all(0 <= i < len(frames) for s in samples for i in s))
        check.eq(f"speedscope {name}: weights sum to endValue", sum(weights), p.get("endValue"))
        check.eq(f"speedscope {name}: total", sum(weights), totals.get(name))
        for s in samples:
            check.true(f"speedscope {name}: stacks are root first",
                       frames[s[-1]]["name"] in FUNCTIONS, frames[s[-1]]["name"])


def check_tables(h, check, trace, gt):
    with open(export(h, check, trace, "json")) as f:
        doc = json.load(f)
    sites = doc.get("sites", [])
    check.eq("json: one row per stack", len(sites), 3)
    check.eq("json totals.allocated_bytes", doc.get("totals", {}).get("allocated_bytes"),
             gt["allocated_bytes"])
    fields = ("peak_bytes", "peak_blocks", "leaked_bytes", "leaked_blocks", "allocated_bytes",
              "allocations", "temporary", "stack", "location")
    check.true("json rows carry every metric", all(all(k in s for k in fields) for s in sites))
    leak = [s for s in sites if s["stack"] and s["stack"][0]["function"] == "leak_three_blocks"]
    if check.true("json leak row", leak):
        check.eq("json leak row leaked_bytes", leak[0]["leaked_bytes"], gt["leaked_bytes"])
        check.eq("json leak row line", leak[0]["stack"][0]["line"], gt["leak_line"])
    with open(export(h, check, trace, "csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    check.eq("csv: one row per stack", len(rows), 3)
    check.eq("csv allocated bytes add up", sum(int(r["allocated_bytes"]) for r in rows),
             gt["allocated_bytes"])
    small = [r for r in rows if r["location"].startswith("make_small_blocks")]
    if check.true("csv small row", small):
        check.eq("csv small allocations", int(small[0]["allocations"]), gt["small_count"])
        check.true("csv stack lists callers", " <- main at " in small[0]["stack"],
                   small[0]["stack"][:200])


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "basic_counts")
    check_folded(h, check, trace, gt)
    check_pprof(h, check, trace, gt)
    check_speedscope(h, check, trace, gt)
    check_tables(h, check, trace, gt)

    r = h.run_command([h.memscope, "export", trace, "--format", "svg", "-o", "x"])
    check.eq("unknown format: exit 2", r.returncode, 2)
    r = h.run_command([h.memscope, "export", os.path.join(h.workdir, "missing.mst"), "--format",
                       "json"])
    check.eq("missing trace: exit 2", r.returncode, 2)
    r = h.run_command([h.memscope, "export", trace, "--format", "json", "-o",
                       os.path.join(h.workdir, "no", "such", "dir", "x.json")])
    check.eq("unwritable output: exit 2", r.returncode, 2)
    check.true("unwritable output: message", "cannot write" in r.stderr, r.stderr)
