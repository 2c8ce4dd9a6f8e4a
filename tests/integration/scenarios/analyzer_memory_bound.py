"""The analyzer's memory is bounded by the live heap and the unique stacks, not
by the trace's length: `memscope summary` on a steady-state trace four times
longer than another must peak at about the same RSS.

Both traces are long enough that every recycled decoded-chunk buffer has held
a full chunk (the analyzer's fixed cost is reached): at 100 000 replacements
it was not, and on a busy machine the 1 000 000 one reached it while the
short one did not, a difference of a fixed cost, not of length."""

import os
import subprocess

LENGTHS = (2_000_000, 8_000_000)  # replacements: about 4 M and 16 M events
# The longer trace may cost this much more: allocator noise and one more chunk
# or two in flight, never a factor proportional to its length.
MARGIN_FRACTION = 0.25
MARGIN_BYTES = 16 * 2**20


def summary_max_rss(h, trace):
    """Exit status, max RSS in bytes and stderr of one `memscope summary --json`."""
    argv = [h.memscope, "summary", trace, "--json"]
    h.log(f"$ {' '.join(argv)}")
    # In the ASan build, freed memory waits in a quarantine of up to 256 MiB
    # before reuse, so RSS grows with how much the analyzer has freed, that is
    # with the trace's length: the bound under test would measure the
    # sanitizer. No quarantine keeps the allocator's reuse as in release.
    # Builds without ASan ignore the variable.
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS", ""),
                                                 "quarantine_size_mb=0"]))
    with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          cwd=h.workdir, env=env) as process:
        stderr = process.stderr.read().decode(errors="replace")
        # wait4 gives this child's own rusage, not the maximum over all children.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    h.log(f"  exit {process.returncode}, max RSS {usage.ru_maxrss} KiB")
    return process.returncode, usage.ru_maxrss * 1024, stderr


def run(h, check):
    rss = []
    for n in LENGTHS:
        trace = os.path.join(h.workdir, f"steady-{n}.mst")
        completed = h.run_command([h.memscope, "run", "-o", trace, "--",
                                   h.program("steady_state"), str(n)])
        check.require(f"record steady_state {n}", completed.returncode == 0 and
                      os.path.exists(trace), completed.stderr.strip()[:300])
        status, max_rss, stderr = summary_max_rss(h, trace)
        check.require(f"summary of steady_state {n} succeeds", status == 0, stderr.strip()[:300])
        rss.append(max_rss)
    allowed = max(rss[0] * (1 + MARGIN_FRACTION), rss[0] + MARGIN_BYTES)
    check.le(f"summary max RSS on {LENGTHS[1]} replacements ({rss[1] / 2**20:.1f} MiB) vs "
             f"{LENGTHS[0]} ({rss[0] / 2**20:.1f} MiB)", rss[1], allowed)
