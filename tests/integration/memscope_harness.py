"""Runs memscope on ground-truth programs and checks its JSON against them.

A scenario gets a Harness (to run things) and a Checks (to compare). Checks
collect every mismatch instead of stopping at the first, so one failing run
shows everything that is wrong with it.
"""

import json
import os
import re
import subprocess

TRACE_WRITTEN = re.compile(r"^memscope: trace written to (.+)$")

ANALYSIS_TIMEOUT_S = 120


class Checks:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def _record(self, ok, message):
        if ok:
            self.passed += 1
        else:
            self.failures.append(message)
        return ok

    def eq(self, what, actual, expected):
        return self._record(actual == expected, f"{what}: got {actual!r}, expected {expected!r}")

    def ge(self, what, actual, minimum):
        ok = isinstance(actual, (int, float)) and actual >= minimum
        return self._record(ok, f"{what}: got {actual!r}, expected at least {minimum!r}")

    def le(self, what, actual, maximum):
        ok = isinstance(actual, (int, float)) and actual <= maximum
        return self._record(ok, f"{what}: got {actual!r}, expected at most {maximum!r}")

    def true(self, what, condition, detail=""):
        return self._record(bool(condition), f"{what}: false{(' (' + detail + ')') if detail else ''}")

    def require(self, what, condition, detail=""):
        """Like true(), but stops the scenario: later checks would only repeat the failure."""
        if not self.true(what, condition, detail):
            raise ScenarioAborted(what)


class ScenarioAborted(Exception):
    pass


class TracedRun:
    def __init__(self, returncode, stdout, stderr, runner_pid):
        self.returncode = returncode
        self.runner_pid = runner_pid
        self.stdout = stdout
        self.stderr = stderr
        self.reports = []
        for line in stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    self.reports.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
        self.written_traces = []
        for line in stderr.splitlines():
            match = TRACE_WRITTEN.match(line.strip())
            if match:
                self.written_traces.append(match.group(1))

    def expected_signal_status(self, target_pid, signo):
        """`memscope run` reports 128+signal when the target is its child; if
        it exec'd the target in its own place, the signal ends it directly."""
        return -signo if target_pid == self.runner_pid else 128 + signo

    def report(self, program):
        for r in self.reports:
            if r.get("program") == program:
                return r
        return None


class AnalysisResult:
    def __init__(self, returncode, stdout, stderr):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.json = None
        # Gates (check, fit) print their JSON with exit status 1 too.
        if returncode in (0, 1) and stdout.strip():
            try:
                self.json = json.loads(stdout)
            except json.JSONDecodeError:
                pass


class Harness:
    def __init__(self, memscope, programs_dir, workdir, log):
        self.memscope = memscope
        self.programs_dir = programs_dir
        self.workdir = workdir
        self.log = log

    def program(self, name):
        return os.path.join(self.programs_dir, "gt_" + name)

    def library(self, name):
        return os.path.join(self.programs_dir, "lib" + name + ".so")

    def trace_pattern(self):
        return os.path.join(self.workdir, "%p.mst")

    def trace_for(self, pid, suffix=""):
        return os.path.join(self.workdir, f"{pid}.mst{suffix}")

    def run_command(self, argv, timeout=120):
        self.log(f"$ {' '.join(argv)}")
        with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=self.workdir) as process:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                stdout, stderr = process.communicate()
                self.log(f"  TIMEOUT after {timeout} s (hang or deadlock), killed")
            completed = subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)
            completed.pid = process.pid
        self.log(f"  exit {completed.returncode}")
        if completed.stderr.strip():
            self.log("  stderr: " + completed.stderr.strip().replace("\n", "\n          "))
        return completed

    def record(self, program_argv, run_options=(), timeout=120):
        """`memscope run -o WORKDIR/%p.mst [options] -- program_argv`."""
        argv = [self.memscope, "run", "-o", self.trace_pattern(), *run_options, "--", *program_argv]
        completed = self.run_command(argv, timeout=timeout)
        if completed.stdout.strip():
            self.log("  stdout: " + completed.stdout.strip().replace("\n", "\n          "))
        return TracedRun(completed.returncode, completed.stdout, completed.stderr, completed.pid)

    def analyze(self, command, trace, *options, json_output=True):
        argv = [self.memscope, command, trace, *options]
        if json_output:
            argv.append("--json")
        completed = self.run_command(argv, timeout=ANALYSIS_TIMEOUT_S)
        return AnalysisResult(completed.returncode, completed.stdout, completed.stderr)

    def summary(self, check, trace):
        result = self.analyze("summary", trace)
        check.require(f"summary {os.path.basename(trace)} succeeds with JSON",
                      result.returncode == 0 and result.json is not None,
                      f"exit {result.returncode}: {result.stderr.strip()[:300]}")
        return result.json

    def latency(self, check, trace, *options):
        result = self.analyze("latency", trace, *options)
        check.require("latency succeeds with JSON", result.returncode == 0 and result.json is not None,
                      f"exit {result.returncode}: {result.stderr.strip()[:300]}")
        return result.json

    def top(self, check, trace, by):
        result = self.analyze("top", trace, "--by", by, "-n", "0")
        check.require(f"top --by {by} {os.path.basename(trace)} succeeds with JSON",
                      result.returncode == 0 and result.json is not None,
                      f"exit {result.returncode}: {result.stderr.strip()[:300]}")
        return result.json

    def leaks(self, check, trace):
        result = self.analyze("leaks", trace)
        check.require(f"leaks {os.path.basename(trace)} succeeds with JSON",
                      result.returncode == 0 and result.json is not None,
                      f"exit {result.returncode}: {result.stderr.strip()[:300]}")
        return result.json


def function_matches(actual, wanted):
    """C names match exactly; demangled C++ names also carry their parameters."""
    if not isinstance(actual, str):
        return False
    return actual == wanted or actual.startswith(wanted + "(")


def site_rows(top, function):
    return [row for row in top.get("sites", []) if function_matches(row.get("function"), function)]


def site_total(top, function, field):
    return sum(row.get(field, 0) for row in site_rows(top, function))


def frames_have(frames, function):
    return any(function_matches(f.get("function"), function) for f in frames or [])


def leak_groups_with(leaks, function):
    return [g for g in leaks.get("leaks", []) if frames_have(g.get("stack"), function)]


TOP_SORT_FIELD = {
    "peak": "peak_bytes",
    "leaked": "leaked_bytes",
    "allocations": "allocations",
    "temporary": "temporary",
    "allocated": "allocated_bytes",
}


def check_top_sorted(check, top, by):
    field = TOP_SORT_FIELD[by]
    values = [row.get(field, 0) for row in top.get("sites", [])]
    check.true(f"top --by {by} is sorted by {field}, largest first",
               all(a >= b for a, b in zip(values, values[1:])), f"{values[:10]}")
    check.eq(f"top --by {by} echoes by", top.get("by"), by)


def check_site(check, top, function, expected, where=""):
    """Sums the rows of one function (a function may hold several call sites)
    and compares each expected field exactly."""
    label = f"{where}site {function}"
    if not check.true(f"{label} present", site_rows(top, function),
                      f"functions seen: {[r.get('function') for r in top.get('sites', [])][:15]}"):
        return
    for field, value in expected.items():
        check.eq(f"{label} {field}", site_total(top, function, field), value)


def check_site_location(check, top, function, file_suffix, line, module_suffix):
    rows = [r for r in site_rows(top, function) if r.get("line") == line]
    if not check.true(f"site {function} at line {line}", rows,
                      f"rows: {[(r.get('file'), r.get('line')) for r in site_rows(top, function)]}"):
        return
    row = rows[0]
    check.true(f"site {function} file ends with {file_suffix}",
               str(row.get("file", "")).endswith(file_suffix), f"file {row.get('file')!r}")
    check.true(f"site {function} module ends with {module_suffix}",
               str(row.get("module", "")).endswith(module_suffix), f"module {row.get('module')!r}")


def check_clean_exit(check, summary, status=0):
    check.eq("exit", summary.get("exit"), {"how": "exit", "value": status})


def record_ground_truth(harness, check, name, program_args=(), status=0, run_options=(),
                        timeout=120):
    """Records gt_NAME, checks the exit status and that the root trace is
    WORKDIR/<pid>.mst and announced on stderr. Returns (run, report, trace)."""
    run = harness.record([harness.program(name), *program_args], run_options, timeout=timeout)
    report = run.report(name)
    check.require(f"{name} printed its ground truth", report is not None,
                  f"exit {run.returncode}, stderr: {run.stderr.strip()[:400]}")
    if status is not None:
        check.eq(f"memscope run exit status for {name}", run.returncode, status)
    trace = harness.trace_for(report["pid"])
    check.require(f"trace {trace} exists", os.path.isfile(trace),
                  f"files: {sorted(os.listdir(harness.workdir))}")
    check.true(f"stderr announces {trace}", trace in run.written_traces,
               f"announced: {run.written_traces}")
    return run, report, trace
