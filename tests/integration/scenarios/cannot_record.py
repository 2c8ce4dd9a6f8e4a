"""`memscope run` refuses what it cannot record (a static binary, a setuid
one) with exit 126 and a message saying why, reports a missing program with 127
and an empty command as an error; none of these leaves a trace behind."""

import os
import shutil
import stat


def check_refused(h, check, argv, status, word):
    completed = h.run_command([h.memscope, "run", "-o", h.trace_pattern(), "--", *argv])
    label = os.path.basename(argv[0]) if argv else "(empty command)"
    if isinstance(status, tuple):
        check.true(f"{label}: exit in {status}", completed.returncode in status,
                   f"exit {completed.returncode}")
    else:
        check.eq(f"{label}: exit", completed.returncode, status)
    message = completed.stderr.strip()
    check.true(f"{label}: one message on stderr", message and len(message.splitlines()) == 1,
               repr(message))
    if word:
        check.true(f"{label}: message says {word!r}", word in message.lower(), repr(message))


def run(h, check):
    check_refused(h, check, [h.program("static_binary")], 126, "static")

    setuid_copy = os.path.join(h.workdir, "setuid_program")
    shutil.copy(h.program("basic_counts"), setuid_copy)
    os.chmod(setuid_copy, 0o755 | stat.S_ISUID)
    check_refused(h, check, [setuid_copy], 126, "setuid")

    check_refused(h, check, [os.path.join(h.workdir, "no-such-program")], 127, None)
    check_refused(h, check, ["no-such-program-on-path-memscope"], 127, None)
    # docs/cli.md gives 2 (bad usage of run itself); the team brief said 125/127.
    check_refused(h, check, [], (2, 125, 127), None)

    traces = [f for f in os.listdir(h.workdir) if ".mst" in f]
    check.eq("no trace left behind", traces, [])
