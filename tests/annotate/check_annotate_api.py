#!/usr/bin/env python3
"""The annotation header as users get it: compiles as strict C99 and as C++
and links with no library; works in PIE, non-PIE, -rdynamic and shared-library
builds (recorded under `memscope run`, a no-op without it) and in a static
program (a no-op); `cmake --install` yields a package that find_package() and
pkg-config consumers build against."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(what)


def run(argv, env=None, cwd=None):
    result = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    if result.returncode != 0:
        print(f"$ {' '.join(argv)}\n  exit {result.returncode}\n  {result.stderr.strip()[:2000]}")
    return result


def build(cmd, what):
    result = run(cmd)
    check(f"builds: {what}", result.returncode == 0, result.stderr[-500:])
    return result.returncode == 0


def recorded_names(memscope, trace):
    phases = json.loads(run([memscope, "phases", trace, "--json"]).stdout)
    pools = json.loads(run([memscope, "pools", trace, "--json"]).stdout)
    return ({p["name"] for p in phases["phases"]}, [m["label"] for m in phases["marks"]],
            [p["name"] for p in pools["pools"]])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--memscope", required=True)
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--cxx", default="c++")
    args = parser.parse_args()
    here = os.path.join(args.source, "tests", "annotate")
    include = os.path.join(args.source, "include")
    work = tempfile.mkdtemp(prefix="memscope-annotate-")
    try:
        strict_c = [args.cc, "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-I", include]
        strict_cxx = [args.cxx, "-std=c++17", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                      "-Wold-style-cast", "-Wzero-as-null-pointer-constant", "-I", include]
        consumer_c = os.path.join(here, "consumer.c")
        library = os.path.join(work, "libconsumer_library.so")
        programs = {
            "c99-pie": strict_c + ["-fPIE", "-pie", consumer_c],
            "c99-no-pie": strict_c + ["-fno-PIE", "-no-pie", consumer_c],
            "c99-rdynamic": strict_c + ["-rdynamic", consumer_c],
            "c++17": strict_cxx + [os.path.join(here, "consumer.cpp")],
            "c99-with-library": strict_c + ["-DCONSUMER_WITH_LIBRARY", consumer_c, "-L", work,
                                            "-lconsumer_library", "-Wl,-rpath," + work],
        }
        build(strict_c + ["-fPIC", "-shared", os.path.join(here, "consumer_library.c"), "-o",
                          library], "shared library using the header")
        for name, cmd in programs.items():
            exe = os.path.join(work, name)
            if not build(cmd + ["-o", exe], name):
                continue
            native = run([exe])
            check(f"{name}: runs without the recorder, annotations are no-ops",
                  native.returncode == 0 and native.stdout.strip() == "recording 0",
                  native.stdout + native.stderr)
            trace = os.path.join(work, name + ".mst")
            recorded = run([args.memscope, "run", "-o", trace, "--", exe])
            check(f"{name}: recorded under memscope run",
                  recorded.returncode == 0 and recorded.stdout.strip() == "recording 1",
                  recorded.stdout + recorded.stderr)
            if recorded.returncode != 0:
                continue
            phases, marks, pools = recorded_names(args.memscope, trace)
            check(f"{name}: phase and mark in the trace",
                  "consumer" in phases and marks == ["consumer-mark"], f"{phases} {marks}")
            if name != "c++17":
                check(f"{name}: pool in the trace", pools == ["consumer-pool"], str(pools))
            if name == "c99-with-library":
                check(f"{name}: the library's phase in the trace", "library" in phases,
                      str(phases))

        static = os.path.join(work, "c99-static")
        if build(strict_c + ["-static", consumer_c, "-o", static], "c99-static"):
            result = run([static])
            check("static program: annotations are no-ops, no crash",
                  result.returncode == 0 and result.stdout.strip() == "recording 0",
                  result.stdout + result.stderr)

        prefix = os.path.join(work, "prefix")
        installed = run(["cmake", "--install", args.build, "--prefix", prefix])
        check("cmake --install succeeds", installed.returncode == 0, installed.stderr)
        for path in ("include/memscope/memscope.h", "share/cmake/memscope/memscopeConfig.cmake",
                     "share/cmake/memscope/memscopeConfigVersion.cmake",
                     "share/cmake/memscope/memscopeTargets.cmake", "share/pkgconfig/memscope.pc"):
            check(f"installed {path}", os.path.isfile(os.path.join(prefix, path)))

        project_build = os.path.join(work, "consumer-build")
        configured = run(["cmake", "-S", os.path.join(here, "consumer_project"), "-B",
                          project_build, "-DCMAKE_PREFIX_PATH=" + prefix,
                          "-DCONSUMER_SOURCE_DIR=" + here])
        check("find_package(memscope) configures", configured.returncode == 0,
              configured.stderr[-800:])
        if configured.returncode == 0:
            built = run(["cmake", "--build", project_build])
            check("consumer project builds against memscope::annotate", built.returncode == 0,
                  built.stdout[-800:])
            for exe in ("consumer_c", "consumer_cxx"):
                result = run([os.path.join(project_build, exe)])
                check(f"{exe} from the consumer project runs",
                      result.returncode == 0 and result.stdout.strip() == "recording 0",
                      result.stdout + result.stderr)

        env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "share", "pkgconfig"))
        cflags = run(["pkg-config", "--cflags", "memscope"], env=env)
        check("pkg-config finds memscope", cflags.returncode == 0, cflags.stderr)
        if cflags.returncode == 0:
            exe = os.path.join(work, "pkg-config-consumer")
            build([args.cc, "-std=c99", "-Wall", "-Werror", *cflags.stdout.split(), consumer_c,
                   "-o", exe], "consumer with pkg-config --cflags memscope")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
