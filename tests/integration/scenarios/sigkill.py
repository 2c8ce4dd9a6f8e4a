"""A target SIGKILLed two seconds after its last allocation: its trace reads
up to the last complete chunk, says it is truncated, and still holds every
allocation (the recorder loses at most about one second of events)."""

import json
import os
import select
import signal
import subprocess
import time

from memscope_harness import TracedRun, check_site

SETTLE_S = 2.0
READY_TIMEOUT_S = 60


def read_ready_line(process, check):
    deadline = time.monotonic() + READY_TIMEOUT_S
    line = b""
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                break
            line += chunk
    check.require("target reported it had allocated", line.strip().startswith(b"{"),
                  repr(line[:200]))
    return json.loads(line.decode().splitlines()[0])


def run(h, check):
    argv = [h.memscope, "run", "-o", h.trace_pattern(), "--", h.program("sigkill_target")]
    h.log(f"$ {' '.join(argv)}")
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          cwd=h.workdir) as process:
        try:
            gt = read_ready_line(process, check)
            time.sleep(SETTLE_S)
            os.kill(gt["pid"], signal.SIGKILL)
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
        h.log(f"  exit {process.returncode}\n  stderr: {stderr.decode().strip()}")
        run_result = TracedRun(process.returncode, "", stderr.decode(), process.pid)

    check.eq("memscope run exit status", run_result.returncode,
             run_result.expected_signal_status(gt["pid"], signal.SIGKILL))
    trace = h.trace_for(gt["pid"])
    check.require(f"trace {trace} exists", os.path.isfile(trace),
                  f"files: {sorted(os.listdir(h.workdir))}")
    s = h.summary(check, trace)
    check.eq("truncated", s.get("truncated"), True)
    check.true("exit is not a clean exit", (s.get("exit") or {}).get("how") != "exit",
               repr(s.get("exit")))
    check.ge("allocation_calls", s.get("allocation_calls"), gt["allocations"])
    check_site(check, h.top(check, trace, "allocated"), "allocate_before_kill",
               {"allocations": gt["allocations"], "allocated_bytes": gt["allocated_bytes"]})
    leaks = h.leaks(check, trace)
    check.eq("leaks says truncated", leaks.get("truncated"), True)
