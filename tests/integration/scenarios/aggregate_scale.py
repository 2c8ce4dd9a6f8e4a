"""Aggregate mode at scale. A steady-state program run 10x longer writes an
aggregate trace of the same few KiB (its full trace grows with it), with
exact call counts. 32 threads allocating at once keep exact calls, bytes,
temporaries and leaks per site, and a peak within the bound the program's
shape allows: between what is live at the end and that plus one block in
flight per thread (docs/recorder.md, "Aggregate mode")."""

import os

from memscope_harness import check_site, record_ground_truth, site_rows

STEADY_SITES = ("small_block", "medium_block", "zeroed_block")
SHORT_RUN = 20000
SIZE_SLACK_BYTES = 2048  # varint growth of larger counts, nothing per event
STRESS_THREADS = 32
STRESS_MAX_BLOCK = 16 + 999  # block_size() in stress_threads.c


def record_steady_state(h, check, replacements, mode):
    run = h.record([h.program("steady_state"), str(replacements)], ("--mode", mode))
    check.eq(f"steady_state {replacements} ({mode}) exit", run.returncode, 0)
    check.require(f"steady_state {replacements} ({mode}) wrote one trace",
                  len(run.written_traces) == 1, f"{run.written_traces}")
    return run.written_traces[0]


def steady_calls(h, check, trace):
    top = h.top(check, trace, "allocations")
    return sum(row.get("allocations", 0) for name in STEADY_SITES
               for row in site_rows(top, name))


def run(h, check):
    sizes = {}
    for replacements in (SHORT_RUN, 10 * SHORT_RUN):
        trace = record_steady_state(h, check, replacements, "aggregate")
        sizes[replacements] = os.path.getsize(trace)
        check.eq(f"steady_state {replacements}: calls at its three sites",
                 steady_calls(h, check, trace), replacements)
        s = h.summary(check, trace)
        check.eq(f"steady_state {replacements}: mode", s.get("mode"), "aggregate")
        check.eq(f"steady_state {replacements}: lost_events", s.get("lost_events"), 0)
    short, long = sizes[SHORT_RUN], sizes[10 * SHORT_RUN]
    check.le("aggregate trace of the short run is a few KiB", short, 16 * 1024)
    check.le("10x longer run: aggregate trace the same size", long, short + SIZE_SLACK_BYTES)
    full_trace = record_steady_state(h, check, 10 * SHORT_RUN, "full")
    check.ge("the full trace of the long run is far larger", os.path.getsize(full_trace),
             20 * long)

    _, gt, trace = record_ground_truth(h, check, "stress_threads", run_options=("--mode", "aggregate"),
                                       timeout=600)
    s = h.summary(check, trace)
    check.eq("stress: lost_events", s.get("lost_events"), 0)
    check.eq("stress: unknown_frees", s.get("unknown_frees"), 0)
    check.ge("stress: threads", s.get("threads"), gt["threads"])
    top = h.top(check, trace, "allocations")
    check_site(check, top, "stress_allocate",
               {"allocations": gt["stress_allocations"], "allocated_bytes": gt["stress_bytes"],
                "temporary": gt["stress_temporary"], "leaked_blocks": gt["leaked_blocks"],
                "leaked_bytes": gt["leaked_bytes"]})
    # Everything else the process allocated (thread start-up, stdio) may add
    # to the peak; it is all in the other sites' allocated bytes.
    others = sum(row.get("allocated_bytes", 0) for row in top.get("sites", [])
                 if row not in site_rows(top, "stress_allocate"))
    bound = gt["leaked_bytes"] + STRESS_THREADS * STRESS_MAX_BLOCK
    check.ge("stress: peak at least what is live at the end", s.get("peak_heap_bytes"),
             gt["leaked_bytes"])
    check.le("stress: peak at most the end plus one block per thread (and other sites)",
             s.get("peak_heap_bytes"), bound + others)
    share = sum(row.get("peak_bytes", 0) for row in site_rows(top, "stress_allocate"))
    check.le("stress: the site's peak share within the same bound", share, bound)
    check.ge("stress: the site's peak share at least what other sites cannot explain", share,
             s.get("peak_heap_bytes", 0) - others - STRESS_THREADS * STRESS_MAX_BLOCK)
