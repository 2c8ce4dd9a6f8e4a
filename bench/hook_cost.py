#!/usr/bin/env python3
"""Added cost of the recorder on one malloc+free pair, per stack depth.

Runs build/bin/memscope_bench_hook_cost (Google Benchmark) natively and under
`memscope run`, alternating, and prints the median CPU time per pair of each
and their difference. Usage: bench/hook_cost.py [--build build] [--rounds 3]
[--unwind fast|libunwind|fp] [--sample-rate 512KiB]

Three columns: native, memscope (full mode) and memscope sampled
(`--mode sampled --sample-rate`, default 512 KiB). In sampled mode a 64-byte
pair is sampled once per ~8,000 pairs, so its added cost is the countdown and
the free's set probe, plus a stack and a record amortised over the samples.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def run_once(argv):
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    medians = {}
    for b in report["benchmarks"]:
        if b.get("aggregate_name") == "median":
            medians[b["run_name"]] = b["cpu_time"]
    return medians


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--unwind", help="memscope run --unwind KIND (default: memscope's)")
    parser.add_argument("--sample-rate", default="512KiB", help="sampled mode's --sample-rate")
    args = parser.parse_args()
    bench = os.path.join(args.build, "bin", "memscope_bench_hook_cost")
    memscope = os.path.join(args.build, "bin", "memscope")
    gb_args = ["--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true",
               "--benchmark_min_time=0.2", "--benchmark_format=json"]
    native, recorded, sampled = {}, {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for name, value in run_once([bench, *gb_args]).items():
                native.setdefault(name, []).append(value)
            trace = os.path.join(tmp, f"hook_cost.{r}.mst")
            unwind = ["--unwind", args.unwind] if args.unwind else []
            for name, value in run_once([memscope, "run", "-o", trace, *unwind, "--", bench,
                                         *gb_args]).items():
                recorded.setdefault(name, []).append(value)
            os.remove(trace)
            for name, value in run_once([memscope, "run", "-o", trace, *unwind, "--mode",
                                         "sampled", "--sample-rate", args.sample_rate, "--",
                                         bench, *gb_args]).items():
                sampled.setdefault(name, []).append(value)
            os.remove(trace)
    print("| benchmark | native ns/pair | memscope ns/pair | added ns | "
          f"sampled ({args.sample_rate}) ns/pair | sampled added ns |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in native:
        n = statistics.median(native[name])
        m = statistics.median(recorded[name])
        s = statistics.median(sampled[name])
        print(f"| {name} | {n:.1f} | {m:.1f} | {m - n:.1f} | {s:.1f} | {s - n:.1f} |")
    print(f"\nMedians of {args.rounds} alternating rounds, each the median of 5 "
          "Google Benchmark repetitions (CPU time).", file=sys.stderr)


if __name__ == "__main__":
    main()
