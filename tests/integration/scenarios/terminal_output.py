"""Human output on a terminal and elsewhere: the text commands colour their
output when it goes to a terminal (a pseudo-terminal here), never into a
pipe, and never with NO_COLOR set to anything non-empty (no-color.org); a
`check` failure on a terminal's stderr follows the same rule. A short
analysis draws no progress bar on a terminal."""

import os
import pty
import select
import subprocess

from memscope_harness import record_ground_truth

ESC = "\x1b["


def on_terminal(h, argv, env_changes, stream):
    """Runs argv with `stream` (stdout or stderr) on a pseudo-terminal and the
    other one on a pipe; returns (exit status, terminal text, piped text)."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["TERM"] = "xterm"
    env.update(env_changes)
    controller, terminal = pty.openpty()
    h.log(f"$ {' '.join(argv)}  ({stream} on a terminal, {env_changes})")
    kwargs = {"stdout": terminal, "stderr": subprocess.PIPE} if stream == "stdout" else \
        {"stdout": subprocess.PIPE, "stderr": terminal}
    with subprocess.Popen(argv, cwd=h.workdir, env=env, stdin=subprocess.DEVNULL,
                          **kwargs) as process:
        os.close(terminal)
        chunks = []
        while True:
            ready, _, _ = select.select([controller], [], [], 30)
            if not ready:
                break
            try:
                data = os.read(controller, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        piped = (process.stderr if stream == "stdout" else process.stdout).read()
        process.wait(timeout=60)
    os.close(controller)
    return process.returncode, b"".join(chunks).decode(errors="replace"), piped.decode(
        errors="replace")


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "basic_counts")
    for command in (["summary", trace], ["top", trace], ["leaks", trace],
                    ["diff", trace, trace]):
        name = command[0]
        status, shown, _ = on_terminal(h, [h.memscope, *command], {}, "stdout")
        check.eq(f"{name} on a terminal: exit", status, 0)
        check.true(f"{name} on a terminal: coloured", ESC in shown, repr(shown[:200]))
        status, shown, _ = on_terminal(h, [h.memscope, *command], {"NO_COLOR": "1"}, "stdout")
        check.true(f"{name} with NO_COLOR=1: no colour", status == 0 and ESC not in shown,
                   repr(shown[:200]))
        status, shown, _ = on_terminal(h, [h.memscope, *command], {"NO_COLOR": ""}, "stdout")
        check.true(f"{name} with an empty NO_COLOR: coloured", status == 0 and ESC in shown,
                   repr(shown[:200]))
        piped = h.run_command([h.memscope, *command])
        check.true(f"{name} into a pipe: no colour", piped.returncode == 0
                   and ESC not in piped.stdout and ESC not in piped.stderr, repr(piped.stdout[:200]))

    over = ["check", trace, "--max-peak", str(gt["peak_heap_bytes"] - 1)]
    status, shown, _ = on_terminal(h, [h.memscope, *over], {}, "stderr")
    check.eq("check failure on a terminal: exit", status, 1)
    check.true("check failure on a terminal: coloured", "check failed" in shown and ESC in shown,
               repr(shown[:200]))
    status, shown, _ = on_terminal(h, [h.memscope, *over], {"NO_COLOR": "1"}, "stderr")
    check.true("check failure with NO_COLOR: no colour",
               status == 1 and "check failed" in shown and ESC not in shown, repr(shown[:200]))

    # Reading this small trace takes far less than a second: no progress bar,
    # though stderr is a terminal.
    status, shown, _ = on_terminal(h, [h.memscope, "summary", trace], {}, "stderr")
    check.true("a short analysis draws no progress bar on a terminal",
               status == 0 and "reading trace" not in shown, repr(shown[:200]))
