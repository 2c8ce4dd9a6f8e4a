#!/usr/bin/env python3
"""memscope benchmark: native vs `memscope run` vs heaptrack, run alternately.

The memscope-sampled column is `memscope run --mode sampled` at the default
512 KiB (--sample-rate changes it); its calls and peak heap are estimates.
The memscope-aggregate column is `memscope run --mode aggregate`: per-site
totals kept in the process, a trace of kilobytes, exact calls and peak.

Workloads:
  churn   build/bin/memscope_bench_churn (2 threads, ~4 M allocator calls)
  sqlite  sqlite3 :memory: fed bench/out/sqlite_workload.sql
          (written by gen_sqlite_workload.py: 160k inserts, indexes, joins)

Every round runs each workload under each tool once, the tool order rotating
from round to round so drift (thermal, page cache, other load) does not
favour one tool. Measured: wall time, peak RSS (ru_maxrss from wait4: the
largest process of the run's process tree), trace size; and, per run,
allocation calls and peak heap from each profiler's own analysis
(`memscope summary --json`, `heaptrack_print`).

Analyzer: on the churn traces of the last round, `memscope summary --json`
(cold symbol cache: a fresh XDG_CACHE_HOME; then warm; then warm and pinned
to one core with taskset) and `heaptrack_print` (its default report) on
heaptrack's trace, alternately, --analyzer-rounds times; medians of wall and
CPU (user + system) time, the ratio to heaptrack_print, and events per
CPU-second and per second of wall time.

Progress goes to stderr; stdout gets markdown ready for bench/RESULTS.md.
Usage: bench/run.py [--build build] [--rounds 3] [--workloads churn,sqlite]
"""

import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
TOOLS = ("native", "memscope", "memscope-sampled", "memscope-aggregate", "heaptrack")
HEAPTRACK_UNITS = {"": 1, "B": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}


def log(message):
    print(message, file=sys.stderr, flush=True)


class Workload:
    def __init__(self, name, argv):
        self.name = name
        self.argv = argv


class Measurement:
    def __init__(self, tool, wall_s, max_rss_bytes, status):
        self.tool = tool
        self.wall_s = wall_s
        self.max_rss_bytes = max_rss_bytes
        self.status = status
        self.trace_bytes = None
        self.allocation_calls = None
        self.peak_heap_bytes = None
        self.peak_heap_note = ""
        self.lost_events = None

    def as_dict(self):
        return dict(self.__dict__)


def run_measured(argv, log_path):
    """Runs argv with stdout discarded and stderr to log_path; returns wall
    seconds, ru_maxrss in bytes and the exit status."""
    with open(log_path, "wb") as err:
        start = time.monotonic()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss * 1024, process.returncode


def parse_heaptrack_size(text):
    match = re.fullmatch(r"([0-9.]+)\s*([KMGTB]?)", text.strip())
    if not match:
        return None
    return int(round(float(match.group(1)) * HEAPTRACK_UNITS[match.group(2)]))


def analyze_heaptrack(path, m):
    # Only the totals are needed: skip the per-backtrace listings.
    completed = subprocess.run(["heaptrack_print", "--print-peaks=0", "--print-allocators=0",
                                "--print-temporary=0", "--print-leaks=0", "-f", path],
                               capture_output=True, text=True)
    calls = re.search(r"^calls to allocation functions: (\d+)", completed.stdout, re.M)
    peak = re.search(r"^peak heap memory consumption: (\S+)", completed.stdout, re.M)
    m.allocation_calls = int(calls.group(1)) if calls else None
    m.peak_heap_bytes = parse_heaptrack_size(peak.group(1)) if peak else None
    m.peak_heap_note = "heaptrack prints 2 decimals of K/M/G (1000-based)"


def analyze_memscope(memscope, path, m):
    completed = subprocess.run([memscope, "summary", path, "--json"], capture_output=True,
                               text=True)
    if completed.returncode != 0:
        log(f"  memscope summary failed ({completed.returncode}): {completed.stderr.strip()}")
        return
    summary = json.loads(completed.stdout)
    m.allocation_calls = summary.get("allocation_calls")
    m.peak_heap_bytes = summary.get("peak_heap_bytes")
    m.lost_events = summary.get("lost_events")


def run_timed(argv, env=None):
    """Runs argv with output discarded; returns wall seconds, CPU seconds
    (user + system), ru_maxrss in bytes and the exit status."""
    start = time.monotonic()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    return (time.monotonic() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
            os.waitstatus_to_exitcode(status))


def one_core_prefix():
    """taskset pinning to the first core this process may use, or None."""
    if shutil.which("taskset") is None or not hasattr(os, "sched_getaffinity"):
        return None
    return ["taskset", "-c", str(min(os.sched_getaffinity(0)))]


def analyzer_rows(args, memscope_trace, heaptrack_trace):
    """memscope summary (cold and warm symbol cache) vs heaptrack_print, side
    by side on the same machine; returns markdown lines."""
    runs = {"cold": [], "warm": [], "one-core": [], "heaptrack_print": []}
    pin = one_core_prefix()
    events = None
    summary = subprocess.run([args.memscope, "summary", memscope_trace, "--json"],
                             capture_output=True, text=True)
    if summary.returncode == 0:
        events = json.loads(summary.stdout).get("events")
    for r in range(args.analyzer_rounds):
        with tempfile.TemporaryDirectory(prefix="memscope-bench-cache-") as cache:
            env = dict(os.environ, XDG_CACHE_HOME=cache)
            argv = [args.memscope, "summary", memscope_trace, "--json"]
            steps = [("cold", argv, env), ("warm", argv, env)]
            if pin:
                steps.append(("one-core", pin + argv, env))
            steps.append(("heaptrack_print", ["heaptrack_print", "-f", heaptrack_trace], None))
            if r % 2 == 1:  # alternate so drift does not favour one tool
                steps = steps[-1:] + steps[:-1]
            for name, command, environment in steps:
                wall, user, rss, status = run_timed(command, environment)
                if status != 0:
                    log(f"  analyzer: {' '.join(command)} exited {status}")
                runs[name].append((wall, user, rss))
                log(f"  analyzer {name:15} round {r}: {wall:6.3f} s wall, {user:6.3f} s CPU")
    med = {k: (median([v[0] for v in rs]), median([v[1] for v in rs]),
               median([v[2] for v in rs])) for k, rs in runs.items() if rs}
    ht_wall = med["heaptrack_print"][0]
    lines = ["### Analyzer: `memscope summary` vs `heaptrack_print` (churn)", "",
             f"Medians of {args.analyzer_rounds} alternating rounds on the last round's traces; "
             f"{fmt(events, 'd')} memscope events. Targets: memscope summary <= 1/5 of "
             "heaptrack_print's time; 20 M events per second or more on one core.", "",
             "| command | wall (s) | CPU (s) | max RSS (MiB) | wall / heaptrack_print | "
             "events per CPU-second | events per second (wall) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    labels = {"cold": "`memscope summary --json` (cold symbol cache)",
              "warm": "`memscope summary --json` (warm symbol cache)",
              "one-core": "`taskset -c N memscope summary --json` (warm, one core)",
              "heaptrack_print": "`heaptrack_print -f TRACE`"}
    for name in ("cold", "warm", "one-core", "heaptrack_print"):
        if name not in med:
            continue
        wall, cpu, rss = med[name]
        per_cpu = per_wall = None
        if name != "heaptrack_print" and events and cpu and wall:
            per_cpu = f"{events / cpu / 1e6:.1f} M"
            per_wall = f"{events / wall / 1e6:.1f} M"
        lines.append(f"| {labels[name]} | {fmt(wall, '.3f')} | {fmt(cpu, '.3f')} | "
                     f"{fmt(rss / 2**20 if rss else None, '.1f')} | "
                     f"{fmt(ratio(wall, ht_wall), '.3f', '×')} | {per_cpu or 'n/a'} | "
                     f"{per_wall or 'n/a'} |")
    lines.append("")
    return lines


def run_tool(tool, workload, round_index, args, out_dir):
    stem = os.path.join(out_dir, f"{tool}-{workload.name}-{round_index}")
    for old in glob.glob(stem + "*"):
        os.remove(old)
    if tool == "native":
        argv = workload.argv
    elif tool == "memscope":
        argv = [args.memscope, "run", "--force", "-o", stem + ".%p.mst", "--", *workload.argv]
    elif tool == "memscope-sampled":
        argv = [args.memscope, "run", "--force", "--mode", "sampled", "--sample-rate",
                args.sample_rate, "-o", stem + ".%p.mst", "--", *workload.argv]
    elif tool == "memscope-aggregate":
        argv = [args.memscope, "run", "--force", "--mode", "aggregate", "-o", stem + ".%p.mst",
                "--", *workload.argv]
    else:
        argv = ["heaptrack", "-o", stem, *workload.argv]
    wall, rss, status = run_measured(argv, stem + ".log")
    m = Measurement(tool, wall, rss, status)
    if status != 0:
        log(f"  {tool} {workload.name}: exit {status}, see {stem}.log")
    traces = [p for p in glob.glob(stem + "*") if not p.endswith(".log")]
    if tool != "native":
        m.trace_bytes = sum(os.path.getsize(p) for p in traces) if traces else None
    if tool in ("memscope", "memscope-sampled", "memscope-aggregate") and traces:
        root = [p for p in traces if p.endswith(".mst")]
        if root:
            analyze_memscope(args.memscope, sorted(root)[0], m)
    elif tool == "heaptrack" and traces:
        analyze_heaptrack(sorted(traces)[0], m)
    log(f"  {tool:16} {workload.name:7} round {round_index}: {wall:7.2f} s, "
        f"{rss / 2**20:7.1f} MiB RSS"
        + (f", trace {m.trace_bytes / 2**20:.2f} MiB" if m.trace_bytes else "")
        + (f", {m.allocation_calls} calls" if m.allocation_calls is not None else "")
        + (f", peak heap {m.peak_heap_bytes}" if m.peak_heap_bytes is not None else ""))
    return m


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, spec, suffix=""):
    return "n/a" if value is None else f"{value:{spec}}{suffix}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def render_workload(workload, runs, rounds):
    by_tool = {tool: [m for m in runs if m.tool == tool] for tool in TOOLS}
    wall = {t: median([m.wall_s for m in ms]) for t, ms in by_tool.items()}
    rss = {t: median([m.max_rss_bytes for m in ms]) for t, ms in by_tool.items()}
    size = {t: median([m.trace_bytes for m in ms]) for t, ms in by_tool.items()}
    lines = [f"### {workload.name}: `{' '.join(os.path.basename(a) if i == 0 else a for i, a in enumerate(workload.argv))}`",
             "",
             f"Medians of {rounds} alternating rounds.",
             "",
             "| tool | wall (s) | wall ×native | peak RSS (MiB) | RSS ×native | trace (MiB) |",
             "|---|---:|---:|---:|---:|---:|"]
    for tool in TOOLS:
        if not by_tool[tool]:
            continue
        lines.append(f"| {tool} | {fmt(wall[tool], '.3f')} | "
                     f"{fmt(ratio(wall[tool], wall['native']), '.2f', '×')} | "
                     f"{fmt(rss[tool] / 2**20 if rss[tool] else None, '.1f')} | "
                     f"{fmt(ratio(rss[tool], rss['native']), '.2f', '×')} | "
                     f"{fmt(size[tool] / 2**20 if size[tool] else None, '.2f')} |")
    lines.append("")

    ms_slow = ratio(wall["memscope"], wall["native"])
    ht_slow = ratio(wall["heaptrack"], wall["native"])
    overhead_fraction = None
    if None not in (wall["memscope"], wall["heaptrack"], wall["native"]):
        ht_overhead = wall["heaptrack"] - wall["native"]
        if ht_overhead > 0:
            overhead_fraction = (wall["memscope"] - wall["native"]) / ht_overhead
    lines.append(f"- memscope-sampled slowdown: "
                 f"{fmt(ratio(wall['memscope-sampled'], wall['native']), '.3f', '×')} native "
                 f"(calls and peak heap estimated from the samples)")
    lines.append(f"- memscope-aggregate slowdown: "
                 f"{fmt(ratio(wall['memscope-aggregate'], wall['native']), '.3f', '×')} native, "
                 f"trace {fmt(size['memscope-aggregate'], '.0f', ' B')} "
                 f"(exact calls and peak, per-site totals only)")
    lines += [
        f"- memscope slowdown / heaptrack slowdown: {fmt(ratio(ms_slow, ht_slow), '.3f')} "
        f"({fmt(ms_slow, '.2f', '×')} vs {fmt(ht_slow, '.2f', '×')})",
        f"- memscope overhead as a fraction of heaptrack's "
        f"((memscope − native) / (heaptrack − native)): {fmt(overhead_fraction, '.3f')}",
        f"- trace size memscope / heaptrack: "
        f"{fmt(ratio(size['memscope'], size['heaptrack']), '.3f')}",
        "",
        "| round | memscope calls | heaptrack calls | Δ calls | memscope peak heap (B) | "
        "heaptrack peak heap (B) | Δ peak | memscope lost events |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in range(rounds):
        ms = next((m for m in by_tool["memscope"] if m.round == r), None)
        ht = next((m for m in by_tool["heaptrack"] if m.round == r), None)
        calls_ms = ms.allocation_calls if ms else None
        calls_ht = ht.allocation_calls if ht else None
        peak_ms = ms.peak_heap_bytes if ms else None
        peak_ht = ht.peak_heap_bytes if ht else None
        delta_calls = None if None in (calls_ms, calls_ht) else calls_ms - calls_ht
        delta_peak = None if None in (peak_ms, peak_ht) or not peak_ht else (
            100.0 * (peak_ms - peak_ht) / peak_ht)
        lines.append(f"| {r} | {fmt(calls_ms, 'd')} | {fmt(calls_ht, 'd')} | "
                     f"{fmt(delta_calls, '+d')} | {fmt(peak_ms, 'd')} | {fmt(peak_ht, 'd')} | "
                     f"{fmt(delta_peak, '+.3f', '%')} | {fmt(ms.lost_events if ms else None, 'd')} |")
    lines.append("")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="build directory (bin/memscope)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workloads", default="churn,sqlite")
    parser.add_argument("--out", default=os.path.join(BENCH_DIR, "out"))
    parser.add_argument("--churn-allocations", type=int, default=2_000_000,
                        help="allocations per churn thread")
    parser.add_argument("--sqlite-scale", type=int, default=1)
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument("--sample-rate", default="512KiB",
                        help="memscope-sampled's --sample-rate")
    parser.add_argument("--tools", default=",".join(TOOLS),
                        help="comma-separated subset of " + ",".join(TOOLS))
    parser.add_argument("--analyzer-rounds", type=int, default=3,
                        help="rounds of the analyzer comparison (0 = skip it)")
    args = parser.parse_args()

    build = os.path.abspath(args.build)
    args.memscope = os.path.join(build, "bin", "memscope")
    churn = os.path.join(build, "bin", "memscope_bench_churn")
    os.makedirs(args.out, exist_ok=True)
    for required in (args.memscope, churn):
        if not os.access(required, os.X_OK):
            sys.exit(f"bench: {required} is missing; build first (make build)")

    tools = [t for t in args.tools.split(",") if t in TOOLS]
    if shutil.which("heaptrack") is None or shutil.which("heaptrack_print") is None:
        log("bench: heaptrack not found, comparing native and memscope only")
        if "heaptrack" in tools:
            tools.remove("heaptrack")

    workloads = []
    for name in args.workloads.split(","):
        if name == "churn":
            workloads.append(Workload("churn", [churn, str(args.churn_allocations)]))
        elif name == "sqlite":
            sqlite3 = shutil.which("sqlite3")
            if sqlite3 is None:
                log("bench: sqlite3 not found, skipping the sqlite workload")
                continue
            script = os.path.join(args.out, "sqlite_workload.sql")
            subprocess.run([sys.executable, os.path.join(BENCH_DIR, "gen_sqlite_workload.py"),
                            script, "--scale", str(args.sqlite_scale)], check=True)
            workloads.append(Workload("sqlite", [sqlite3, ":memory:", f".read {script}"]))
        else:
            sys.exit(f"bench: unknown workload {name!r}")

    log("bench: warm-up (native, untimed)")
    for workload in workloads:
        run_measured(workload.argv, os.path.join(args.out, f"warmup-{workload.name}.log"))

    results = {w.name: [] for w in workloads}
    for round_index in range(args.rounds):
        order = tools[round_index % len(tools):] + tools[:round_index % len(tools)]
        log(f"bench: round {round_index + 1}/{args.rounds}, order {' '.join(order)}")
        for workload in workloads:
            for tool in order:
                m = run_tool(tool, workload, round_index, args, args.out)
                m.round = round_index
                results[workload.name].append(m)

    machine = f"{os.cpu_count()} CPUs, {os.uname().sysname} {os.uname().release}"
    lines = ["## Benchmark", "",
             f"`bench/run.py --rounds {args.rounds}` on {machine}. Peak RSS is ru_maxrss of the "
             "largest process in the run (for heaptrack that can be heaptrack_interpret). "
             "heaptrack's peak heap is parsed from heaptrack_print's 1000-based, two-decimal "
             "output.", ""]
    for workload in workloads:
        lines += render_workload(workload, results[workload.name], args.rounds)
    last = args.rounds - 1
    memscope_traces = sorted(glob.glob(os.path.join(args.out, f"memscope-churn-{last}.*.mst")))
    heaptrack_traces = sorted(p for p in glob.glob(os.path.join(args.out, f"heaptrack-churn-{last}*"))
                              if not p.endswith(".log"))
    if args.analyzer_rounds > 0 and memscope_traces and heaptrack_traces:
        log("bench: analyzer comparison")
        lines += analyzer_rows(args, memscope_traces[0], heaptrack_traces[0])
    print("\n".join(lines))

    if args.json:
        with open(args.json, "w") as f:
            json.dump({name: [m.as_dict() for m in ms] for name, ms in results.items()}, f,
                      indent=1)


if __name__ == "__main__":
    main()
