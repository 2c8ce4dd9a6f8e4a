"""The annotation API: exact per-phase and per-pool figures from a program
that counts them itself, under both timings and in sampled mode; marks; the
program runs unchanged (annotations are no-ops) without the recorder."""

import math

from memscope_harness import check_clean_exit, record_ground_truth

PHASE_FIELDS = ("heap_begin_bytes", "heap_end_bytes", "peak_heap_bytes", "allocated_bytes",
                "allocation_calls", "temporary_allocations", "left_behind_bytes")


def analyze_json(h, check, command, trace):
    result = h.analyze(command, trace)
    check.require(f"{command} {trace} succeeds with JSON",
                  result.returncode == 0 and result.json is not None,
                  f"exit {result.returncode}: {result.stderr.strip()[:300]}")
    return result.json


def instances(phases, name):
    return [p for p in phases["phases"] if p["name"] == name]


def check_phase(check, where, phase, gt, prefix):
    for field in PHASE_FIELDS:
        check.eq(f"{where} {prefix} {field}", phase.get(field), gt[f"{prefix}.{field}"])


def check_phases(h, check, trace, gt, where):
    phases = analyze_json(h, check, "phases", trace)
    main_phases = [p for p in phases["phases"] if p["name"] != "worker"]
    check.eq(f"{where}: phase instances in time order",
             [p["name"] for p in main_phases],
             ["setup", "solve", "assemble", "solve", "assemble", "solve", "assemble",
              "checkpoint"])
    check.true(f"{where}: instances sorted by begin",
               all(a["begin_ns"] <= b["begin_ns"]
                   for a, b in zip(phases["phases"], phases["phases"][1:])))
    check_phase(check, where, instances(phases, "setup")[0], gt, "setup")
    check_phase(check, where, instances(phases, "checkpoint")[0], gt, "checkpoint")
    for i, solve in enumerate(instances(phases, "solve")):
        check_phase(check, where, solve, gt, f"solve{i}")
        check.eq(f"{where}: solve{i} depth", solve["depth"], 0)
    for i, assemble in enumerate(instances(phases, "assemble")):
        check_phase(check, where, assemble, gt, f"assemble{i}")
        check.eq(f"{where}: assemble{i} nests in solve", assemble["depth"], 1)
    for p in main_phases:
        check.true(f"{where}: {p['name']} ends after it begins", p["end_ns"] >= p["begin_ns"])
        check.eq(f"{where}: {p['name']} closed by the program", p["open_at_end"], False)

    worker = instances(phases, "worker")
    check.require(f"{where}: one worker phase", len(worker) == 1, str(worker))
    check.true(f"{where}: worker phase on its own thread", worker[0]["tid"] != main_phases[0]["tid"])
    check.eq(f"{where}: worker allocated_bytes", worker[0]["allocated_bytes"],
             gt["worker.allocated_bytes"])
    check.eq(f"{where}: worker left_behind_bytes", worker[0]["left_behind_bytes"],
             gt["worker.left_behind_bytes"])

    by_name = {n["name"]: n for n in phases["by_name"]}
    solve = by_name.get("solve", {})
    check.eq(f"{where}: solve instances", solve.get("instances"), gt["solve_instances"])
    check.eq(f"{where}: solve allocated over all instances", solve.get("allocated_bytes"),
             sum(gt[f"solve{i}.allocated_bytes"] for i in range(gt["solve_instances"])))
    check.eq(f"{where}: solve peak is the highest instance's", solve.get("peak_heap_bytes"),
             max(gt[f"solve{i}.peak_heap_bytes"] for i in range(gt["solve_instances"])))
    check.true(f"{where}: names ranked by intensity",
               all(a["intensity_bytes_per_s"] >= b["intensity_bytes_per_s"]
                   for a, b in zip(phases["by_name"], phases["by_name"][1:])))
    sites = solve.get("top_sites", [])
    check.true(f"{where}: solve's top site is the program's allocating function",
               bool(sites) and sites[0]["function"] == "take", str(sites[:1]))
    check.eq(f"{where}: solve's sites add up", sum(s["allocated_bytes"] for s in sites),
             solve.get("allocated_bytes"))

    outer = [p for p in main_phases if p["depth"] == 0]
    transitions = [t for t in phases["transitions"] if t["from"] != "worker"]
    check.eq(f"{where}: transitions between outermost phases",
             [(t["from"], t["to"]) for t in transitions],
             [(a["name"], b["name"]) for a, b in zip(outer, outer[1:])])
    check.eq(f"{where}: setup -> solve leaves setup's blocks behind",
             transitions[0]["left_behind_bytes"] if transitions else None,
             gt["setup.left_behind_bytes"])

    labels = [m["label"] for m in phases["marks"]]
    check.eq(f"{where}: marks", labels, ["start"] + ["iteration"] * gt["iteration_marks"] + ["done"])
    solves = instances(phases, "solve")
    iteration_marks = [m for m in phases["marks"] if m["label"] == "iteration"]
    for i, (m, s) in enumerate(zip(iteration_marks, solves)):
        check.true(f"{where}: iteration mark {i} inside solve {i}",
                   s["begin_ns"] <= m["time_ns"] <= s["end_ns"])
        check.eq(f"{where}: heap at iteration mark {i}", m["heap_bytes"],
                 gt[f"solve{i}.heap_end_bytes"])


def check_pools(h, check, trace, gt, where):
    pools = {p["name"]: p for p in analyze_json(h, check, "pools", trace)["pools"]}
    check.eq(f"{where}: pools", sorted(pools), ["draining", "frames", "growing", "orders"])
    orders = pools.get("orders", {})
    for field in ("capacity_bytes", "high_water_bytes", "high_water_blocks", "allocations",
                  "frees", "overflow_allocations", "overflow_bytes", "unknown_frees"):
        check.eq(f"{where}: orders {field}", orders.get(field), gt[f"orders.{field}"])
    check.eq(f"{where}: orders destroyed", orders.get("destroyed"), True)
    check.eq(f"{where}: orders in use at end", orders.get("in_use_bytes_at_end"), 0)
    # The recommendation is high water x (1 + cv) of the occupancy after each
    # alloc and free, which the program's sequence fixes exactly.
    occupancy, in_use = [], 0
    for i in range(90):
        if i == 40:
            for _ in range(20):
                in_use -= 64
                occupancy.append(in_use)
        in_use += 64
        occupancy.append(in_use)
    for _ in range(70):
        in_use -= 64
        occupancy.append(in_use)
    mean = sum(occupancy) / len(occupancy)
    cv = math.sqrt(sum((x - mean) ** 2 for x in occupancy) / len(occupancy)) / mean
    expected = math.ceil(gt["orders.high_water_bytes"] * (1 + cv))
    check.true(f"{where}: orders recommended capacity = high water x (1 + cv)",
               abs(orders.get("recommended_capacity_bytes", 0) - expected) <= 1,
               f"{orders.get('recommended_capacity_bytes')} vs {expected}")

    frames = pools.get("frames", {})
    check.eq(f"{where}: frames high water", frames.get("high_water_bytes"),
             gt["frames.high_water_bytes"])
    check.eq(f"{where}: frames fragmentation at high water",
             round(frames.get("fragmentation_at_high_water", -1) * 1000),
             gt["frames.fragmentation_permille"])
    draining = pools.get("draining", {})
    check.eq(f"{where}: draining pool is not trending up", draining.get("trending_up"), False)
    growing = pools.get("growing", {})
    check.eq(f"{where}: growing pool never destroyed", growing.get("destroyed"), False)
    check.eq(f"{where}: growing pool trends up", growing.get("trending_up"), True)
    check.true(f"{where}: growing pool has a projected exhaustion",
               (growing.get("seconds_to_exhaustion") or 0) > 0, str(growing))


def run(h, check):
    # Without the recorder: no-ops, same figures, clean exit.
    plain = h.run_command([h.program("annotations")])
    check.eq("runs without the recorder", plain.returncode, 0)
    check.true("reports not recording without the recorder", '"recording":0' in plain.stdout,
               plain.stdout[:200])

    for timing in ("compact", "exact"):
        _, gt, trace = record_ground_truth(h, check, "annotations",
                                           run_options=("--timing", timing))
        check.eq(f"{timing}: recording under memscope run", gt["recording"], 1)
        check_clean_exit(check, h.summary(check, trace))
        check_phases(h, check, trace, gt, timing)
        check_pools(h, check, trace, gt, timing)

    # Sampled mode samples allocations, never annotations.
    _, gt, trace = record_ground_truth(h, check, "annotations",
                                       run_options=("--mode", "sampled", "--sample-rate", "1MiB"))
    phases = analyze_json(h, check, "phases", trace)
    check.eq("sampled: every phase instance recorded", len(phases["phases"]), 9)
    check.eq("sampled: every mark recorded", len(phases["marks"]), 5)
    pools = analyze_json(h, check, "pools", trace)
    orders = [p for p in pools["pools"] if p["name"] == "orders"]
    check.eq("sampled: pool figures exact", orders[0]["high_water_bytes"] if orders else None,
             gt["orders.high_water_bytes"])

    # Text output names what it shows.
    text = h.analyze("phases", trace, json_output=False)
    check.true("phases text lists the phases", text.returncode == 0 and "solve" in text.stdout
               and "Marks" in text.stdout, text.stdout[:300])
    text = h.analyze("pools", trace, json_output=False)
    check.true("pools text lists the pools", text.returncode == 0 and 'Pool "orders"' in text.stdout
               and "destroyed, so no projection" in text.stdout, text.stdout[:300])
