"""`memscope run --stream` and `memscope stream --json`: the JSON lines of a
program with known allocations, over a unix socket and over tcp on loopback;
the stream carries exactly what the trace file holds; a non-loopback or
malformed address is refused before the program runs."""

import json
import os
import socket
import subprocess

BIG_BYTES = 3 * 1024 * 1024
SMALL_COUNT = 1024
SMALL_BYTES = 1024
TIMEOUT_S = 120


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stream_run(h, check, address, label):
    """Records gt_live_sites streaming to address, reads the stream with
    `memscope stream`; returns (lines, trace path, program pid)."""
    recorder_argv = [h.memscope, "run", "-o", h.trace_pattern(), "--stream", address,
                     "--stream-wait", "60", "--", h.program("live_sites")]
    h.log("$ " + " ".join(recorder_argv) + " &")
    recorder = subprocess.Popen(recorder_argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=h.workdir)
    try:
        client = h.run_command([h.memscope, "stream", address, "--json", "--wait", "60"],
                               timeout=TIMEOUT_S)
        out, err = recorder.communicate(timeout=TIMEOUT_S)
    finally:
        if recorder.poll() is None:
            recorder.kill()
            recorder.communicate()
    h.log(f"  recorder exit {recorder.returncode}; stderr: {err.strip()}")
    check.eq(f"{label}: stream exit status", client.returncode, 0)
    check.eq(f"{label}: recorder exit status", recorder.returncode, 0)
    check.true(f"{label}: the recorder warns of nothing", "memscope: stream" not in err
               and "cannot stream" not in err, err)
    lines = []
    for text in client.stdout.splitlines():
        try:
            lines.append(json.loads(text))
        except json.JSONDecodeError:
            check.true(f"{label}: every line is JSON", False, text[:200])
            return [], None, None
    truth = next((json.loads(x) for x in out.splitlines() if x.startswith("{")), {})
    traces = [x.split("trace written to ", 1)[1] for x in err.splitlines()
              if "trace written to " in x]
    return lines, traces[0] if traces else None, truth.get("pid")


def check_lines(h, check, lines, trace, pid, label):
    check.require(f"{label}: stream has lines", len(lines) >= 3, str(len(lines)))
    check.eq(f"{label}: first line is the header", lines[0].get("type"), "header")
    check.eq(f"{label}: header pid is the program's", lines[0].get("pid"), pid)
    check.true(f"{label}: header names the program",
               str(lines[0].get("executable", "")).endswith("gt_live_sites"))
    check.eq(f"{label}: last line is the end", lines[-1], {"type": "end"})
    exits = [x for x in lines if x.get("type") == "process_exit"]
    check.eq(f"{label}: one process exit", len(exits), 1)
    if exits:
        check.eq(f"{label}: exit how", exits[0].get("how"), "exit")
        check.eq(f"{label}: exit status", exits[0].get("value"), 0)

    allocs = [x for x in lines if x.get("type") == "alloc"]
    frees = [x for x in lines if x.get("type") == "free"]
    big = [x for x in allocs if x.get("size") == BIG_BYTES]
    small = [x for x in allocs if x.get("size") == SMALL_BYTES]
    check.eq(f"{label}: allocations of 3 MiB", len(big), 1)
    check.eq(f"{label}: allocations of 1 KiB", len(small), SMALL_COUNT)
    check.eq(f"{label}: the 1 KiB blocks share one stack",
             len({x.get("stack") for x in small}), 1)
    check.true(f"{label}: the two sites have different stacks",
               big and small and big[0].get("stack") != small[0].get("stack"))
    check.eq(f"{label}: bytes of the known blocks",
             sum(x["size"] for x in big + small), BIG_BYTES + SMALL_COUNT * SMALL_BYTES)
    freed = {x.get("address") for x in frees}
    check.true(f"{label}: every known block is freed",
               all(x.get("address") in freed for x in big + small))
    check.true(f"{label}: times never precede the start",
               all(x.get("time_ns", -1) >= 0 for x in lines[1:-1]))
    check.true(f"{label}: allocations carry a tid", all(x.get("tid", 0) > 0 for x in allocs))

    # The stream is the trace file: the same events, so the same counts.
    check.require(f"{label}: the trace file was written", trace and os.path.exists(trace))
    summary = h.summary(check, trace)
    check.eq(f"{label}: alloc lines = the trace's allocation calls", len(allocs),
             summary.get("allocation_calls"))
    check.eq(f"{label}: free lines = the trace's free calls", len(frees), summary.get("free_calls"))
    check.eq(f"{label}: allocated bytes = the trace's", sum(x["size"] for x in allocs),
             summary.get("allocated_bytes"))


def unix_stream(h, check):
    path = os.path.join(h.workdir, "live.sock")
    lines, trace, pid = stream_run(h, check, "unix:" + path, "unix")
    check_lines(h, check, lines, trace, pid, "unix")
    check.true("unix: the socket file is removed at exit", not os.path.exists(path))


def tcp_stream(h, check):
    address = f"tcp:127.0.0.1:{free_loopback_port()}"
    lines, trace, pid = stream_run(h, check, address, "tcp")
    check_lines(h, check, lines, trace, pid, "tcp")


def refused_addresses(h, check):
    program = h.program("live_sites")
    before = sorted(f for f in os.listdir(h.workdir) if f.endswith(".mst"))
    for address, words in (("tcp:0.0.0.0:7000", "--stream-allow-remote"),
                           ("tcp:localhost:7000", "IP address"),
                           ("udp:127.0.0.1:7000", "unix: or tcp:"),
                           ("tcp:127.0.0.1:99999", "65535")):
        run = h.run_command([h.memscope, "run", "-o", h.trace_pattern(), "--stream", address,
                             "--", program])
        check.eq(f"{address}: refused with usage status", run.returncode, 2)
        check.true(f"{address}: the message says why", words in run.stderr, run.stderr)
        check.true(f"{address}: the program did not run", "live_sites" not in run.stdout)
    check.eq("nothing was recorded for refused addresses",
             sorted(f for f in os.listdir(h.workdir) if f.endswith(".mst")), before)
    missing = h.run_command([h.memscope, "stream", "unix:" + os.path.join(h.workdir, "none.sock"),
                             "--json", "--wait", "0"])
    check.eq("stream to nobody: status", missing.returncode, 2)
    check.true("stream to nobody: says it cannot connect", "cannot connect" in missing.stderr,
               missing.stderr)


def run(h, check):
    unix_stream(h, check)
    tcp_stream(h, check)
    refused_addresses(h, check)
