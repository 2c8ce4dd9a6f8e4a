"""The fast unwinder finds the frames libunwind finds: gt_unwind_depths
allocates through chains of unoptimised, frame-pointer-less, frame-pointer and
alloca frames (each chain its own site, run three times, one in a thread), and
the sites' stacks under `--unwind fast` must equal those under `--unwind
libunwind` frame by frame (module and offset). `--unwind fp` must record the
same sites and counts."""

import os

from memscope_harness import check_clean_exit, record_ground_truth, site_rows

UNWINDERS = ("fast", "libunwind", "fp")


def frame_key(frame):
    return (os.path.basename(str(frame.get("module", ""))), frame.get("offset"),
            frame.get("function"))


def chain_sites(top):
    """{location: (allocations, [frame keys])} of the allocate_for_chain sites."""
    return {row.get("location"): (row.get("allocations"),
                                  [frame_key(f) for f in row.get("stack") or []])
            for row in site_rows(top, "allocate_for_chain")}


def run(h, check):
    sites = {}
    for unwinder in UNWINDERS:
        run_, gt, trace = record_ground_truth(h, check, "unwind_depths",
                                              run_options=("--unwind", unwinder))
        s = h.summary(check, trace)
        check_clean_exit(check, s)
        check.eq(f"{unwinder}: lost_events", s.get("lost_events"), 0)
        check.ge(f"{unwinder}: allocation_calls", s.get("allocation_calls"),
                 gt["chain_allocations"])
        top = h.top(check, trace, "allocations")
        sites[unwinder] = chain_sites(top)
        check.eq(f"{unwinder}: one site per chain", len(sites[unwinder]), gt["chains"])
        for location, (allocations, _) in sorted(sites[unwinder].items()):
            check.eq(f"{unwinder}: allocations at {location}", allocations, gt["rounds"])

    fast, libunwind = sites["fast"], sites["libunwind"]
    check.eq("fast and libunwind see the same sites", sorted(fast), sorted(libunwind))
    for location in sorted(set(fast) & set(libunwind)):
        fast_frames, libunwind_frames = fast[location][1], libunwind[location][1]
        check.true(f"stack of {location} reaches main or the thread start",
                   any(f[2] in ("main", "thread_main") for f in fast_frames),
                   f"{[f[2] for f in fast_frames]}")
        check.eq(f"fast stack of {location} equals libunwind's", fast_frames, libunwind_frames)
    check.eq("fp sees the same sites", sorted(sites["fp"]), sorted(fast))
    for location in sorted(set(sites["fp"]) & set(fast)):
        check.eq(f"fp innermost frame of {location}", sites["fp"][location][1][:1],
                 fast[location][1][:1])
