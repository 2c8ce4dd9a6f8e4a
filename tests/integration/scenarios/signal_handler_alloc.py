"""Allocation inside a signal handler, interrupting the main thread while it
is inside the recorder's mmap hook: the program must finish (no deadlock), the
trace must be intact, every mapping in it, and the handler's allocations
recorded (docs/recorder.md, "Re-entrancy and signal handlers").

A handler that interrupts a hook while it records goes to the thread's second
stream; if it interrupted libunwind its event has no stack (libunwind is not
re-entrant), so some handler allocations appear under "(no stack recorded)".
Only a handler that lands in the thread's one-time set-up (its first recorded
event: stream attach and libunwind's first unwind, which parses unwind tables
and takes about a millisecond) passes through unrecorded, with its free: with
the program's 200 us timer, a handful of runs at most."""

from memscope_harness import check_clean_exit, record_ground_truth, site_total

DEADLOCK_TIMEOUT_S = 60
SETUP_WINDOW_RUNS = 10


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "signal_handler_alloc",
                                       timeout=DEADLOCK_TIMEOUT_S)
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    check.eq("truncated", s.get("truncated"), False)
    check.eq("lost_events", s.get("lost_events"), 0)
    check.eq("leaked_bytes", s.get("leaked_bytes"), gt["leaked_bytes"])
    check.eq("unknown_frees", s.get("unknown_frees"), 0)
    mmap = s.get("mmap") or {}
    check.eq("mmap.calls", mmap.get("calls"), gt["mmap_calls"])
    check.eq("mmap.peak_bytes", mmap.get("peak_bytes"), gt["mapping_size"])
    check.eq("mmap.still_mapped_bytes", mmap.get("still_mapped_bytes"), 0)

    expected = gt["handler_allocations"]
    calls = s.get("allocation_calls", 0)
    check.le("allocation calls", calls, expected)
    check.ge("allocation calls", calls, expected - SETUP_WINDOW_RUNS)
    check.eq("temporary allocations", s.get("temporary_allocations"), calls)
    check.eq("free calls", s.get("free_calls"), calls)

    top = h.top(check, trace, "allocations")
    attributed = site_total(top, "handler_allocate", "allocations")
    unattributed = sum(row.get("allocations", 0) for row in top.get("sites", [])
                       if not row.get("function"))
    check.eq("handler allocations, with and without a stack", attributed + unattributed, calls)
    check.ge("handler allocations attributed to handler_allocate", attributed,
             expected * 9 // 10)
    check.eq("handler bytes", site_total(top, "handler_allocate", "allocated_bytes"),
             attributed * (gt["handler_bytes"] // expected))
