"""A single-threaded program stays single-threaded for glibc under the
recorder (its writer thread does not end glibc's lock-free fast paths), in
every recording mode, until it creates a thread of its own; every allocation
is still recorded; MEMSCOPE_SINGLE_THREADED=0 turns the claim off."""

import os

from memscope_harness import check_site, record_ground_truth


def check_run(h, check, mode, claim_expected):
    where = f"[{mode}{'' if claim_expected else ', claim off'}] "
    run, gt, trace = record_ground_truth(h, check, "single_threaded",
                                         run_options=("--mode", mode))
    check.eq(where + "thread created", gt["thread_created"], 1)
    check.eq(where + "__libc_single_threaded while alone", gt["single_threaded_alone"],
             1 if claim_expected else 0)
    check.eq(where + "__libc_single_threaded after the writer's rounds",
             gt["single_threaded_after_pause"], 1 if claim_expected else 0)
    check.eq(where + "__libc_single_threaded after the program's thread",
             gt["single_threaded_after_thread"], 0)
    check.true(where + "the writer never called the allocator",
               "internal error" not in run.stderr, run.stderr.strip()[:400])
    if mode == "sampled":
        return
    top = h.top(check, trace, "allocations")
    check_site(check, top, "make_locked_blocks", {"allocations": gt["locked_blocks"]}, where)
    check_site(check, top, "make_thread_blocks", {"allocations": gt["thread_blocks"]}, where)


def run(h, check):
    for mode in ("full", "sampled", "aggregate"):
        check_run(h, check, mode, True)
    os.environ["MEMSCOPE_SINGLE_THREADED"] = "0"
    try:
        check_run(h, check, "full", False)
    finally:
        del os.environ["MEMSCOPE_SINGLE_THREADED"]
