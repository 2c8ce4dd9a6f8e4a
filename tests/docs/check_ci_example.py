#!/usr/bin/env python3
"""docs/ci.md's CTest example, run as written: its ```cmake block goes into a
small project around tests/docs/parser_bench.c; ctest passes while the
program stays within the example's limits (--max-peak 48MiB --max-leaked 0),
and fails, naming the limit, when its input makes it exceed each one."""

import argparse
import os
import re
import shutil
import subprocess
import sys

failures = []


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(what)


def run(argv, cwd, env=None):
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)


def cmake_block(doc):
    with open(doc, encoding="utf-8") as f:
        blocks = re.findall(r"```cmake\n(.*?)```", f.read(), re.S)
    return blocks[0] if len(blocks) == 1 else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--doc", required=True)
    parser.add_argument("--program", required=True)
    parser.add_argument("--memscope-dir", required=True)
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--work", required=True)
    args = parser.parse_args()

    block = cmake_block(args.doc)
    check("docs/ci.md has one cmake example", block is not None)
    if block is None:
        return 1
    shutil.rmtree(args.work, ignore_errors=True)
    source = os.path.join(args.work, "src")
    build = os.path.join(args.work, "build")
    os.makedirs(os.path.join(source, "data"))
    shutil.copy(args.program, os.path.join(source, "parser_bench.c"))
    with open(os.path.join(source, "CMakeLists.txt"), "w", encoding="utf-8") as f:
        f.write("cmake_minimum_required(VERSION 3.20)\nproject(ci_example C)\nenable_testing()\n"
                "add_executable(parser_bench parser_bench.c)\n\n" + block)
    big_json = os.path.join(source, "data", "big.json")

    # The example finds memscope on PATH, as an installed memscope would be.
    env = dict(os.environ, PATH=args.memscope_dir + os.pathsep + os.environ.get("PATH", ""))
    r = run(["cmake", "-S", source, "-B", build, f"-DCMAKE_C_COMPILER={args.cc}"], args.work, env)
    check("the example configures", r.returncode == 0, r.stderr[-800:])
    r = run(["cmake", "--build", build], args.work, env)
    check("the example builds", r.returncode == 0, r.stderr[-800:])
    if failures:
        return 1

    def ctest(mib, leak):
        with open(big_json, "w", encoding="utf-8") as f:
            f.write(f"{mib} {leak}\n")
        return run(["ctest", "--output-on-failure"], build, env)

    r = ctest(16, 0)
    check("within the limits: ctest passes", r.returncode == 0, r.stdout[-1500:])
    check("within the limits: both tests ran", "2 tests" in r.stdout or "100% tests passed" in r.stdout,
          r.stdout[-800:])
    r = ctest(64, 0)
    check("a 64 MiB peak: ctest fails", r.returncode != 0, r.stdout[-1500:])
    check("a 64 MiB peak: the failure names --max-peak",
          "check failed" in r.stdout and "--max-peak" in r.stdout, r.stdout[-1500:])
    check("a 64 MiB peak: the recording itself passed",
          re.search(r"parser_memory_record \.+\s+Passed", r.stdout) is not None, r.stdout[-1500:])
    r = ctest(16, 100)
    check("a leak: ctest fails", r.returncode != 0, r.stdout[-1500:])
    check("a leak: the failure names --max-leaked", "--max-leaked" in r.stdout, r.stdout[-1500:])

    print(f"{'all checks passed' if not failures else f'{len(failures)} checks failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
