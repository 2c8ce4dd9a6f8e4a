"""`memscope fit`: gt_fit_pattern's heap replayed through every allocator
model, against closed forms the test computes from the model's three numbers
(header, alignment, minimum block): the arena a best or first fit needs, the footprint
and the requested peak, each with its moment's blocks and holes. The host
model's footprint equals the program's own measurement with glibc's
malloc_usable_size. A fixed heap names the first allocation that would fail;
budgets give exit 0 at the need and 1 one byte below it; bad options exit 2."""

import os

from memscope_harness import frames_have, record_ground_truth

# name: (header, alignment, minimum block, mmap threshold, threshold maximum)
MODELS = {
    "glibc-x86_64": (8, 16, 32, 128 * 1024, 32 * 2**20),
    "glibc-i386": (4, 16, 16, 128 * 1024, 512 * 1024),
    "newlib-32": (4, 8, 16, 0, 0),
    "tlsf-32": (4, 4, 16, 0, 0),
    "freertos-heap4": (8, 8, 16, 0, 0),
}


def align(value, alignment):
    return (value + alignment - 1) // alignment * alignment


def expected_figures(gt, model):
    header, alignment, minimum, threshold, _ = model
    block = lambda n: max(minimum, align(n + header, alignment))  # noqa: E731
    n, small, large, huge = gt["blocks"], gt["small"], gt["large"], gt["huge"]
    arena_most = n * block(small) + n // 2 * block(large)
    # The first huge block is mapped where the model maps blocks of its size:
    # its block and one more header, in whole pages.
    huge_memory = block(huge)
    mapped = threshold != 0 and block(huge) >= threshold
    if mapped:
        huge_memory = align(block(huge) + header, 4096)
    return {
        "block": block,
        "arena_most": arena_most,
        "memory_peak": max(arena_most, huge_memory),
        "memory_peak_is_arena": arena_most >= huge_memory,
        "footprint_peak": max(arena_most, huge_memory),
        "mapped_blocks": 1 if mapped else 0,
        "final_threshold": huge_memory if mapped else threshold,
    }


def fit(h, trace, *options, json_output=True):
    return h.analyze("fit", trace, *options, json_output=json_output)


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "fit_pattern")
    summary = h.summary(check, trace)
    n, small, large = gt["blocks"], gt["small"], gt["large"]
    requested_peak = n * small + n // 2 * large
    check.eq("summary peak_heap_bytes", summary.get("peak_heap_bytes"), requested_peak)

    for name, model in MODELS.items():
        want = expected_figures(gt, model)
        block = want["block"]
        result = fit(h, trace, "--target", name)
        if not check.true(f"{name}: fit succeeds with JSON",
                          result.returncode == 0 and result.json is not None,
                          f"exit {result.returncode}: {result.stderr.strip()[:300]}"):
            continue
        heap = result.json.get("heap") or {}
        target = result.json.get("target") or {}
        check.eq(f"{name}: target header/alignment/minimum",
                 (target.get("header_bytes"), target.get("alignment"),
                  target.get("min_block_bytes")), model[:3])
        peak = heap.get("requested_peak") or {}
        check.eq(f"{name}: requested peak", peak.get("requested_bytes"), requested_peak)
        check.eq(f"{name}: requested peak blocks", peak.get("blocks"), n + n // 2)
        footprint = heap.get("footprint_peak") or {}
        check.eq(f"{name}: footprint at its peak", footprint.get("footprint_bytes"),
                 want["footprint_peak"])
        memory = heap.get("memory_peak") or {}
        check.eq(f"{name}: heap memory at its peak", memory.get("memory_bytes"),
                 want["memory_peak"])
        if want["memory_peak_is_arena"]:
            # The arena's most: phase 2, the small blocks' holes between live ones.
            check.eq(f"{name}: arena at the memory peak", memory.get("arena_bytes"),
                     want["arena_most"])
            check.eq(f"{name}: holes at the memory peak", memory.get("holes"), n // 2)
            check.eq(f"{name}: hole bytes at the memory peak", memory.get("hole_bytes"),
                     n // 2 * block(small))
            check.eq(f"{name}: largest hole", memory.get("largest_hole_bytes"), block(small))
            check.eq(f"{name}: requested at the memory peak", memory.get("requested_bytes"),
                     n // 2 * (small + large))
        check.eq(f"{name}: mapped blocks", heap.get("mapped_blocks"), want["mapped_blocks"])
        check.eq(f"{name}: mmap threshold at the end", heap.get("final_mmap_threshold"),
                 want["final_threshold"])
        # At the footprint peak (phase 3) the overhead is per site: 64 small
        # blocks, 32 large ones.
        sites = {site.get("location", "").split(" ")[0]: site
                 for site in heap.get("overhead_sites") or []}
        for function, blocks, size in (("place_small_blocks", n, small),
                                       ("place_large_blocks", n // 2, large)):
            site = sites.get(function) or {}
            check.eq(f"{name}: {function} blocks at the footprint peak", site.get("blocks"), blocks)
            check.eq(f"{name}: {function} overhead at the footprint peak",
                     site.get("overhead_bytes"), blocks * (block(size) - size))
        end = heap.get("at_end") or {}
        check.eq(f"{name}: nothing live at the end", (end.get("blocks"), end.get("arena_bytes")),
                 (0, 0))

    # --compare: one replay through every model gives each model's own figures.
    compared = fit(h, trace, "--target", "tlsf-32", "--compare").json or {}
    rows = {row.get("model"): row for row in (compared.get("heap") or {}).get("compared") or []}
    check.eq("--compare lists every other model", sorted(rows),
             sorted(name for name in MODELS if name != "tlsf-32"))
    for name, model in MODELS.items():
        if name == "tlsf-32":
            continue
        want = expected_figures(gt, model)
        row = rows.get(name) or {}
        check.eq(f"--compare {name}: heap memory peak",
                 (row.get("memory_peak") or {}).get("memory_bytes"), want["memory_peak"])
        check.eq(f"--compare {name}: footprint peak",
                 (row.get("footprint_peak") or {}).get("footprint_bytes"), want["footprint_peak"])

    host = fit(h, trace).json or {}
    check.eq("glibc-x86_64 (the default) footprint at the requested peak = glibc's own",
             ((host.get("heap") or {}).get("requested_peak") or {}).get("footprint_bytes"),
             gt["glibc_footprint_at_peak"])

    # The arena at its most (phase 2): the small blocks' 32 holes, all of
    # one size class; the first cell half free, the large blocks' cells full.
    mapped = fit(h, trace, "--target", "newlib-32", "--map", "8").json or {}
    arena = (mapped.get("heap") or {}).get("arena_map") or {}
    newlib_block = expected_figures(gt, MODELS["newlib-32"])["block"]
    check.eq("--map arena bytes", arena.get("arena_bytes"),
             n * newlib_block(small) + n // 2 * newlib_block(large))
    check.eq("--map holes by size", arena.get("hole_sizes"),
             [{"min_bytes": 512, "holes": n // 2, "bytes": n // 2 * newlib_block(small)}])
    used = arena.get("used") or []
    check.eq("--map cells", len(used), 8)
    check.true("--map: the first cell is half blocks, half holes",
               bool(used) and 0.45 <= used[0] <= 0.55, repr(used))
    check.true("--map: the large blocks' cells are full", used[2:] == [1.0] * 6, repr(used))

    # A fixed heap of 64 small and 16 large blocks: the 17th large one fails.
    block = expected_figures(gt, MODELS["newlib-32"])["block"]
    limit = n * block(small) + 16 * block(large)
    limited = fit(h, trace, "--target", "newlib-32", "--heap", str(limit))
    check.eq("--heap below the need exits 1", limited.returncode, 1)
    failure = ((limited.json or {}).get("heap") or {}).get("first_failure") or {}
    check.eq("first failure request", failure.get("request_bytes"), large)
    check.eq("first failure needs", failure.get("memory_bytes"), limit + block(large))
    check.true("first failure is in place_large_blocks",
               frames_have(failure.get("frames"), "place_large_blocks"),
               repr([f.get("function") for f in failure.get("frames", [])]))
    check.true("first failure's line", any(f.get("line") == gt["large_line"]
                                           for f in failure.get("frames", [])),
               repr([(f.get("function"), f.get("line")) for f in failure.get("frames", [])]))
    text = fit(h, trace, "--target", "newlib-32", "--heap", str(limit), json_output=False)
    check.true("text names the exhausted heap", "is exhausted at" in text.stdout, text.stdout[:600])
    check.true("text warns that 64-bit requests overstate a 32-bit target",
               "32-bit target" in text.stdout, text.stdout[:600])
    check.true("stderr says the heap is over", "exceeds --heap" in text.stderr, text.stderr[:300])

    # RAM = the binary's static data + the heap + the reserved stack.
    binary = h.program("fit_pattern")
    both = fit(h, trace, "--target", "tlsf-32", "--binary", binary, "--stack", "8KiB")
    info = both.json or {}
    static_ram = (info.get("binary") or {}).get("ram_bytes")
    heap_need = ((info.get("heap") or {}).get("memory_peak") or {}).get("memory_bytes")
    if check.true("fit --binary gives static RAM and heap", isinstance(static_ram, int) and
                  isinstance(heap_need, int), both.stderr[:300]):
        need = static_ram + heap_need + 8192
        at_need = fit(h, trace, "--target", "tlsf-32", "--binary", binary, "--stack", "8KiB",
                      "--ram", str(need))
        check.eq("--ram at the need exits 0", at_need.returncode, 0)
        check.eq("--ram outcome need", ((at_need.json or {}).get("budget") or [{}])[0]
                 .get("need_bytes"), need)
        below = fit(h, trace, "--target", "tlsf-32", "--binary", binary, "--stack", "8KiB",
                    "--ram", str(need - 1))
        check.eq("--ram one byte below the need exits 1", below.returncode, 1)
        check.eq("JSON says it does not fit", (below.json or {}).get("fits"), False)

    # A custom allocator with heap_4's numbers and placement is heap_4.
    custom = fit(h, trace, "--header", "8", "--alignment", "8", "--min-block", "16",
                 "--placement", "first").json or {}
    heap4 = fit(h, trace, "--target", "freertos-heap4").json or {}
    for moment in ("requested_peak", "footprint_peak", "memory_peak"):
        check.eq(f"custom first fit = freertos-heap4: {moment}",
                 ((custom.get("heap") or {}).get(moment) or {}).get("memory_bytes"),
                 ((heap4.get("heap") or {}).get(moment) or {}).get("memory_bytes"))
    check.eq("custom --placement first is first fit",
             (custom.get("target") or {}).get("placement"), "first fit")

    # Bad input: a clear message and exit 2, never a crash.
    bad = [
        (["--target", "jemalloc"], "unknown target"),
        (["--header", "8", "--alignment", "12", "--min-block", "24"], "power of two"),
        (["--header", "8"], "needs all of"),
        (["--placement", "worst"], "worst"),
        (["--target", "tlsf-32", "--placement", "first"], "twice"),
        (["--flash", "1MiB"], "--flash needs --binary"),
        (["--binary", os.path.join(h.workdir, "missing.elf")], "missing.elf"),
        (["--binary", trace], "ELF"),
    ]
    for options, message in bad:
        result = fit(h, trace, *options)
        check.eq(f"fit {' '.join(options)} exits 2", result.returncode, 2)
        check.true(f"fit {' '.join(options)} says why", message in result.stderr,
                   result.stderr[:300])
    garbage = os.path.join(h.workdir, "garbage.mst")
    with open(garbage, "wb") as f:
        f.write(b"not a trace at all")
    result = fit(h, garbage)
    check.eq("fit of a non-trace exits 2", result.returncode, 2)
    sampled_run = h.record([h.program("fit_pattern")], ["--mode", "sampled", "--sample-rate", "4096"])
    sampled_trace = h.trace_for((sampled_run.report("fit_pattern") or {}).get("pid"))
    result = fit(h, sampled_trace)
    check.eq("fit of a sampled trace exits 2", result.returncode, 2)
    check.true("fit of a sampled trace says why", "sampled trace" in result.stderr,
               result.stderr[:300])
