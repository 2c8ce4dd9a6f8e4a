"""`memscope run --live` driven in tmux: the screen shows the program's known
top site and heap figure, a sort key changes the order of the sites, and `q`
quits the view while the program runs on; `memscope live PID` then shows the
same program, follows it when it frees everything and ends, and `q` quits it.

The program (gt_live_sites) holds one 3 MiB block and 1024 blocks of 1 KiB
until the test creates its release file, so nothing here depends on timing
except generous timeouts."""

import os
import re
import shutil
import subprocess
import time

WAIT_S = 60


class Tmux:
    """A tmux server of the test's own (-L), so nothing else is touched."""

    def __init__(self, h, name):
        self.h = h
        self.base = ["tmux", "-L", name]

    def run(self, *args):
        return subprocess.run(self.base + list(args), capture_output=True, text=True, timeout=30)

    def screen(self, target):
        return self.run("capture-pane", "-p", "-t", target).stdout

    def wait_for(self, what, condition, target="live"):
        deadline = time.monotonic() + WAIT_S
        text = ""
        while time.monotonic() < deadline:
            text = self.screen(target)
            if condition(text):
                return True, text
            time.sleep(0.1)
        self.h.log(f"  screen while waiting for {what}:\n" + text)
        return False, text

    def kill(self):
        self.run("kill-server")


def site_order(text):
    """Site names in the order of the site table's rows."""
    rows = text.splitlines()
    start = next((i for i, r in enumerate(rows) if "LIVE BYTES" in r), None)
    if start is None:
        return []
    names = []
    for row in rows[start + 1:]:
        for name in ("hold_big_block", "hold_small_blocks"):
            if name in row:
                names.append(name)
    return names


def program_pid(text):
    match = re.search(r"\(pid (\d+)\)", text)
    return int(match.group(1)) if match else None


def wait_for_file(path):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and not os.path.exists(path):
        time.sleep(0.1)


def site_row(text, name):
    return next((r for r in text.splitlines() if name in r), "")


def run(h, check):
    if shutil.which("tmux") is None:
        check.require("tmux is installed (scripts/install-deps.sh)", False)
    release = os.path.join(h.workdir, "release")
    done = os.path.join(h.workdir, "done")
    viewer_done = os.path.join(h.workdir, "viewer-done")
    command = (f"{h.memscope} run --live -o {h.trace_pattern()} -- {h.program('live_sites')} "
               f"{release}; echo \"exit $?\" > {done}")
    tmux = Tmux(h, f"memscope-live-test-{os.getpid()}")
    try:
        started = tmux.run("new-session", "-d", "-s", "live", "-x", "120", "-y", "40", command)
        check.require("tmux session started", started.returncode == 0, started.stderr)

        ok, text = tmux.wait_for("both sites named", lambda t: "hold_big_block" in t and
                                 "hold_small_blocks" in t and "heap 4.00 MiB" in t)
        check.require("the screen shows both sites and the heap", ok, text)
        check.true("heap figure is the program's 4 MiB", "heap 4.00 MiB" in text)
        check.eq("by live bytes the 3 MiB block leads", site_order(text)[:2],
                 ["hold_big_block", "hold_small_blocks"])
        big = site_row(text, "hold_big_block")
        small = site_row(text, "hold_small_blocks")
        check.true("big site: 3.00 MiB in 1 block", "3.00 MiB" in big and " 1 " in big, big)
        check.true("small site: 1.00 MiB in 1,024 blocks", "1.00 MiB" in small and "1,024" in small,
                   small)
        check.true("the site is named with its source line", "live_sites.c:" in big, big)
        check.true("no phase without annotations", "phase: -" in text)
        check.true("the program's output file is named", "program output: " in text)

        tmux.run("send-keys", "-t", "live", "a")
        ok, text = tmux.wait_for("sorting by allocations", lambda t: "sorted by allocations " in t)
        check.true("'a' sorts by allocations", ok)
        check.eq("by allocations the 1 KiB blocks lead", site_order(text)[:2],
                 ["hold_small_blocks", "hold_big_block"])

        tmux.run("send-keys", "-t", "live", "b")
        ok, text = tmux.wait_for("sorting by live bytes", lambda t: "sorted by live bytes" in t)
        check.true("'b' sorts by live bytes again", ok)
        check.eq("back to the 3 MiB block first", site_order(text)[:2],
                 ["hold_big_block", "hold_small_blocks"])

        pid = program_pid(text)
        check.require("the title names the program's pid", pid is not None, text[:200])

        # q closes the view; the program, still holding its blocks, runs on.
        tmux.run("send-keys", "-t", "live", "q")
        ok, text = tmux.wait_for("the view to close", lambda t: "live view closed" in t)
        check.true("'q' closes the view and memscope run waits for the program", ok, text)
        check.true("the program runs on", not os.path.exists(done))

        viewer = f"{h.memscope} live {pid}; echo \"exit $?\" > {viewer_done}"
        started = tmux.run("new-window", "-t", "live", "-n", "viewer", viewer)
        check.require("second tmux window started", started.returncode == 0, started.stderr)
        ok, text = tmux.wait_for("memscope live PID", lambda t: "hold_big_block" in t and
                                 "heap 4.00 MiB" in t, target="live:viewer")
        check.true("memscope live PID shows the same program", ok, text)
        check.true("memscope live PID: same title", f"(pid {pid})" in text)

        with open(release, "w"):
            pass
        ok, text = tmux.wait_for("the end", lambda t: "finished: exit status 0" in t,
                                 target="live:viewer")
        check.true("the view shows the program finished", ok)
        check.true("heap back to 0 B once everything is freed", "heap 0 B" in text, text)
        check.true("sites keep their allocation counts", "1,024" in text)
        wait_for_file(done)
        check.require("memscope run returns once the program ends", os.path.exists(done))
        with open(done) as f:
            check.eq("memscope run exits with the program's status", f.read().strip(), "exit 0")

        tmux.run("send-keys", "-t", "live:viewer", "q")
        wait_for_file(viewer_done)
        check.require("'q' quits memscope live", os.path.exists(viewer_done))
        with open(viewer_done) as f:
            check.eq("memscope live exits 0", f.read().strip(), "exit 0")
        traces = [f for f in os.listdir(h.workdir) if f.endswith(".mst")]
        check.eq("one trace written", len(traces), 1)
        outputs = [f for f in os.listdir(h.workdir) if f.endswith(".out")]
        check.eq("the program's output went to its file", len(outputs), 1)
        if outputs:
            with open(os.path.join(h.workdir, outputs[0])) as f:
                check.true("the output file holds the program's line", "live_sites" in f.read())
    finally:
        tmux.kill()
        if not os.path.exists(release):
            with open(release, "w"):
                pass
