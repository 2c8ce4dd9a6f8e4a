#!/usr/bin/env python3
"""Cost of the annotation API calls, without and with the recorder.

Runs build/bin/memscope_bench_annotation_cost (Google Benchmark) natively and
under `memscope run`, alternating, and prints the median CPU time per
iteration of each (a begin+end pair, a mark, a pool alloc+free pair).
Usage: bench/annotation_cost.py [--build build] [--rounds 3]
"""

import argparse
import os
import statistics
import sys
import tempfile

from hook_cost import run_once


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bench = os.path.join(args.build, "bin", "memscope_bench_annotation_cost")
    memscope = os.path.join(args.build, "bin", "memscope")
    gb_args = ["--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true",
               "--benchmark_min_time=0.2", "--benchmark_format=json"]
    native, recorded = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for name, value in run_once([bench, *gb_args]).items():
                native.setdefault(name, []).append(value)
            trace = os.path.join(tmp, f"annotation_cost.{r}.mst")
            for name, value in run_once([memscope, "run", "-o", trace, "--", bench,
                                         *gb_args]).items():
                recorded.setdefault(name, []).append(value)
            os.remove(trace)
    print("| benchmark | without recorder ns | under memscope run ns |")
    print("|---|---:|---:|")
    for name in native:
        print(f"| {name} | {statistics.median(native[name]):.1f} | "
              f"{statistics.median(recorded[name]):.1f} |")
    print(f"\nMedians of {args.rounds} alternating rounds, each the median of 5 "
          "Google Benchmark repetitions (CPU time).", file=sys.stderr)


if __name__ == "__main__":
    main()
