"""`memscope fit --callgraph`: the worst-case stack of gt_stack_chain's entry
points from the call graph GCC wrote beside it (-fcallgraph-info=su). The
deepest path from run_deep is run_deep -> deep_a -> deep_b, and its figure is
the sum of those frames as GCC's own file gives them (read here with a regex,
not with memscope's reader) plus the x86-64 red zone; the program measured
how far the stack really went on that path, which the figure must cover
without overstating it by more than the frames at its two ends. Recursion
makes main's stack unbounded and fails a RAM budget; a call through a
pointer makes the figure a lower bound; bad input exits 2."""

import json
import os
import re

from memscope_harness import record_ground_truth

RED_ZONE = 128  # x86-64 System V: bytes a leaf may use below its stack pointer


def gcc_frames(path):
    """Source name -> frame bytes, straight from the .ci labels."""
    frames = {}
    with open(path) as f:
        for match in re.finditer(r'label: "([^"\\]+)\\n[^"]*\\n(\d+) bytes', f.read()):
            frames[match.group(1)] = int(match.group(2))
    return frames


def fit(h, *options):
    argv = [h.memscope, "fit", *options, "--json"]
    return h.run_command(argv)


def stacks_of(result):
    try:
        return {s["entry"]: s for s in json.loads(result.stdout).get("stacks") or []}
    except (ValueError, AttributeError):
        return {}


def run(h, check):
    callgraph_dir = os.path.join(h.programs_dir, "callgraph")
    ci = os.path.join(callgraph_dir, "stack_chain.ci")
    check.require("the build wrote gt_stack_chain's call graph (gcc -fcallgraph-info=su)",
                  os.path.isfile(ci), f"missing {ci}")
    _, gt, _ = record_ground_truth(h, check, "stack_chain")
    frames = gcc_frames(ci)
    check.require("GCC's file has the path's frames",
                  all(name in frames for name in ("run_deep", "deep_a", "deep_b")), repr(frames))
    expected = frames["run_deep"] + frames["deep_a"] + frames["deep_b"] + RED_ZONE

    result = fit(h, "--callgraph", callgraph_dir, "--entry", "run_deep", "--entry", "main",
                 "--entry", "walk_list", "--entry", "call_through_pointer")
    stacks = stacks_of(result)
    deep = stacks.get("run_deep") or {}
    check.eq("run_deep worst case = its path's frames + red zone", deep.get("bytes"), expected)
    check.eq("run_deep path", [f.get("function") for f in deep.get("path") or []],
             ["run_deep", "deep_a", "deep_b"])
    check.eq("run_deep is exact", deep.get("exact"), True)
    check.true("the figure covers the measured stack",
               isinstance(deep.get("bytes"), int) and gt["measured_depth"] <= deep["bytes"],
               f"measured {gt['measured_depth']}, figure {deep.get('bytes')}")
    check.true("the figure overstates the run by less than the end frames",
               isinstance(deep.get("bytes"), int) and
               deep["bytes"] - gt["measured_depth"] <= frames["run_deep"] + RED_ZONE,
               f"measured {gt['measured_depth']}, figure {deep.get('bytes')}")

    main = stacks.get("main") or {}
    check.eq("main is unbounded (walk_list recurses)", main.get("unbounded"), True)
    check.eq("main's recursion is walk_list", main.get("recursive"), ["walk_list"])
    check.true("main's unknown callees include write",
               "write" in (main.get("unknown_callees") or []), repr(main.get("unknown_callees")))
    check.true("main's figure covers run_deep's", (main.get("bytes") or 0) >= expected,
               repr(main.get("bytes")))
    walk = stacks.get("walk_list") or {}
    check.eq("walk_list is unbounded", walk.get("unbounded"), True)
    pointer = stacks.get("call_through_pointer") or {}
    check.eq("call_through_pointer is a lower bound", (pointer.get("exact"), pointer.get("unbounded")),
             (False, False))
    check.eq("call_through_pointer calls through a pointer", pointer.get("indirect_callers"),
             ["call_through_pointer"])

    # Budgets: exact at the need, over one byte below; unbounded never fits.
    at_need = fit(h, "--callgraph", callgraph_dir, "--entry", "run_deep", "--ram", str(expected))
    check.eq("--ram at run_deep's need exits 0", at_need.returncode, 0)
    below = fit(h, "--callgraph", callgraph_dir, "--entry", "run_deep", "--ram",
                str(expected - 1))
    check.eq("--ram one byte below exits 1", below.returncode, 1)
    unbounded = fit(h, "--callgraph", callgraph_dir, "--ram", "1GiB")
    check.eq("an unbounded stack fails any --ram (exit 1)", unbounded.returncode, 1)
    check.true("and says it may exceed", "may exceed --ram" in unbounded.stderr,
               unbounded.stderr[:300])
    two = fit(h, "--callgraph", callgraph_dir, "--entry", "run_deep", "--entry",
              "call_through_pointer", "--stack", "1KiB", "--ram", "1MiB")
    outcome = (stacks_of(two) and json.loads(two.stdout)["budget"][0]) or {}
    check.eq("RAM adds every entry's stack and the reserve", outcome.get("need_bytes"),
             expected + pointer.get("bytes", 0) + 1024)
    check.eq("a lower-bound part makes the need a lower bound", outcome.get("need_is_lower_bound"),
             True)
    arm = fit(h, "--callgraph", callgraph_dir, "--entry", "run_deep", "--red-zone", "0")
    check.eq("--red-zone 0 drops the red zone", (stacks_of(arm).get("run_deep") or {}).get("bytes"),
             expected - RED_ZONE)

    bad_ci = os.path.join(h.workdir, "bad.ci")
    with open(bad_ci, "w") as f:
        f.write('graph: { title: "x.c"\nnode: { title: "f" label: "f\\nx.c:1:1\\nmany bytes" }\n}\n')
    cases = [
        (["--callgraph", callgraph_dir, "--entry", "no_such_function"], "no function"),
        (["--callgraph", bad_ci], "bad.ci:2:"),
        (["--callgraph", os.path.join(h.workdir, "empty")], "no .ci file"),
        (["--binary", h.program("stack_chain"), "--entry", "main"], "--entry needs --callgraph"),
        (["--callgraph", os.path.join(h.workdir, "missing.ci")], "missing.ci"),
    ]
    os.makedirs(os.path.join(h.workdir, "empty"), exist_ok=True)
    for options, message in cases:
        result = fit(h, *options)
        check.eq(f"fit {' '.join(options[-2:])} exits 2", result.returncode, 2)
        check.true(f"fit {' '.join(options[-2:])} says why", message in result.stderr,
                   result.stderr[:300])
