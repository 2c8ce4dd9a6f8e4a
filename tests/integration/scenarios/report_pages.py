"""`memscope report` and `memscope flamegraph` on a program whose allocations
are exact: the page's data agrees with `summary` and with the program's own
figures (size classes, per-thread shares of the peak, the flame graph's
root, the memory series' maximum), the SVG is well-formed XML with a tooltip
per frame, and bad input exits 2 with one message."""

import json
import os
import xml.etree.ElementTree as ET

from memscope_harness import record_ground_truth

SVG = "{http://www.w3.org/2000/svg}"


def page_data(path):
    with open(path, encoding="utf-8") as f:
        page = f.read()
    start = page.index('id="memscope-data">') + len('id="memscope-data">')
    return page, json.loads(page[start:page.index("</script>", start)])


def check_report_data(h, check, trace, gt):
    summary = h.summary(check, trace)
    result = h.analyze("report", trace)
    check.require("report --json succeeds", result.returncode == 0 and result.json is not None,
                  result.stderr.strip()[:300])
    data = result.json
    check.eq("page kind", data["page"], "report")
    for field in ("peak_heap_bytes", "allocation_calls", "allocated_bytes", "leaked_bytes",
                  "temporary_allocations"):
        check.eq(f"summary.{field} as in `summary`", data["summary"][field], summary[field])
    check.eq("allocation calls", data["summary"]["allocation_calls"], gt["allocation_calls"])

    classes = {c["name"]: c for c in data["sizes"]["classes"]}
    check.eq("tiny blocks (24 B)", classes["tiny"]["count"], 100)
    check.eq("small blocks (1000 B leak)", classes["small"]["count"], 1)
    check.eq("medium blocks (4000 B, 2000 B, 3000 B)", classes["medium"]["count"], 12)
    check.eq("large blocks", classes["large"]["count"], 0)
    check.eq("log2 buckets count every call",
             sum(b["count"] for b in data["sizes"]["log2"]), gt["allocation_calls"])

    threads = data["threads"]
    check.eq("per-thread calls add up", sum(t["allocations"] for t in threads),
             gt["allocation_calls"])
    check.eq("per-thread shares of the peak add up", sum(t["peak_bytes"] for t in threads),
             summary["peak_heap_bytes"])
    check.eq("per-thread leaks add up", sum(t["leaked_bytes"] for t in threads),
             summary["leaked_bytes"])

    heap = data["timeline"]["heap"]
    check.eq("memory series keeps the peak", max(heap["v"]), summary["peak_heap_bytes"])
    check.le("memory series is bounded", len(heap["t"]), 2000)
    check.eq("peak marker", data["timeline"]["peak"]["bytes"], summary["peak_heap_bytes"])

    flame = data["flame"]
    metric = {name: i for i, name in enumerate(flame["metrics"])}
    check.eq("flame root: allocated", flame["root"]["v"][metric["allocated"]],
             summary["allocated_bytes"])
    check.eq("flame root: leaked", flame["root"]["v"][metric["leaked"]], summary["leaked_bytes"])
    check.eq("flame root: peak", flame["root"]["v"][metric["peak"]], summary["peak_heap_bytes"])

    latency = data["latency"]
    mapping_calls = {"mmap", "munmap", "mremap"}
    heap_functions = [f for f in latency["functions"] if f["name"] not in mapping_calls]
    calls = summary["allocation_calls"] + summary["free_calls"]
    check.eq("latency: every heap call is timed, per function",
             sum(f["count"] for f in heap_functions), calls)
    check.eq("latency: every heap call is timed, per size class",
             sum(c["count"] for c in latency["size_classes"]), calls)
    names = {f["name"]: f for f in latency["functions"]}
    check.true("latency: malloc and free have their own rows", "malloc" in names and "free" in names,
               str(sorted(names)))
    classes = {c["name"]: c["count"] for c in latency["size_classes"]}
    # Allocations by request, frees by the block: 100 tiny blocks allocated and freed.
    check.ge("latency: tiny calls", classes.get("tiny", 0), 200)
    check.ge("latency: medium calls", classes.get("medium", 0), 12)
    for h_ in latency["functions"] + latency["size_classes"]:
        check.true(f"latency {h_['name']}: percentiles are ordered",
                   h_["min_ns"] <= h_["p50_ns"] <= h_["p90_ns"] <= h_["p99_ns"] <= h_["p999_ns"]
                   <= h_["max_ns"], str({k: v for k, v in h_.items() if k != "buckets"}))
        check.eq(f"latency {h_['name']}: buckets count every call",
                 sum(b[2] for b in h_["buckets"]), h_["count"])
    # The same analysis as `memscope latency`, not a second spelling of it.
    text_latency = h.analyze("latency", trace)
    check.eq("latency --json exit", text_latency.returncode, 0)
    for f in latency["functions"]:
        same = text_latency.json["functions"].get(f["name"], {})
        check.eq(f"latency {f['name']}: as `memscope latency`",
                 [f[k] for k in ("count", "p50_ns", "p99_ns", "max_ns")],
                 [same.get(k) for k in ("count", "p50_ns", "p99_ns", "max_ns")])

    page_path = os.path.join(h.workdir, "report.html")
    r = h.run_command([h.memscope, "report", trace, "-o", page_path])
    check.eq("report -o exit", r.returncode, 0)
    page, embedded = page_data(page_path)
    check.eq("the page embeds the same data", embedded["summary"], data["summary"])
    check.true("the page loads nothing from the network",
               "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page)


def check_svg(h, check, trace):
    out = os.path.join(h.workdir, "flame.svg")
    r = h.run_command([h.memscope, "flamegraph", trace, "-o", out, "--metric", "allocated",
                       "--title", "basic <counts> & \"friends\""])
    check.eq("flamegraph -o .svg exit", r.returncode, 0)
    root = ET.parse(out).getroot()
    check.eq("SVG width", root.get("width"), "1200")
    frames = root.findall(f"{SVG}g")
    check.ge("SVG frames", len(frames), 4)
    check.true("every frame has a <title>",
               all(g.find(f"{SVG}title") is not None for g in frames))
    titles = [g.find(f"{SVG}title").text for g in frames]
    check.true("make_medium_blocks is a frame", any("make_medium_blocks" in t for t in titles))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    check.true("the title is text", "basic <counts> & \"friends\"" in texts, str(texts[:3]))

    html = os.path.join(h.workdir, "flame.html")
    r = h.run_command([h.memscope, "flamegraph", trace, "-o", html, "--metric", "leaked"])
    check.eq("flamegraph -o .html exit", r.returncode, 0)
    _, data = page_data(html)
    check.eq("flame graph page kind", data["page"], "flamegraph")
    check.eq("flame graph page metric", data["metric"], "leaked")


def check_bad_input(h, check, trace):
    cases = (
        ("report without -o", ["report", trace]),
        ("report of a missing trace", ["report", os.path.join(h.workdir, "missing.mst"),
                                       "-o", os.path.join(h.workdir, "x.html")]),
        ("report into a missing directory", ["report", trace, "-o",
                                             os.path.join(h.workdir, "no", "such", "x.html")]),
        ("flamegraph to an unknown format", ["flamegraph", trace, "-o",
                                             os.path.join(h.workdir, "x.png")]),
        ("flamegraph with an unknown metric", ["flamegraph", trace, "-o",
                                               os.path.join(h.workdir, "x.svg"),
                                               "--metric", "bogus"]),
    )
    for label, args in cases:
        r = h.run_command([h.memscope, *args])
        check.eq(f"{label}: exit", r.returncode, 2)
        message = r.stderr.strip()
        check.true(f"{label}: one message", message and len(message.splitlines()) == 1,
                   repr(message[:300]))


def check_phases(h, check):
    """The timeline's phase spans are those of `memscope phases`, to the ns."""
    _, _, trace = record_ground_truth(h, check, "annotations")
    report = h.analyze("report", trace)
    phases = h.analyze("phases", trace)
    check.require("report and phases of the annotated program succeed",
                  report.returncode == 0 and phases.returncode == 0,
                  (report.stderr + phases.stderr)[:300])
    fields = ("name", "tid", "depth", "begin_ns", "end_ns")
    spans = sorted(tuple(p[f] for f in fields) for p in report.json["timeline"]["phases"])
    expected = sorted(tuple(p[f] for f in fields) for p in phases.json["phases"])
    check.eq("timeline phases are `memscope phases`' instances", spans, expected)
    check.ge("the annotated program has phases to shade", len(spans), 9)


def check_mappings(h, check):
    """The mmap series follows the program's anonymous mappings exactly."""
    _, gt, trace = record_ground_truth(h, check, "mmap_regions")
    report = h.analyze("report", trace)
    check.require("report of the mapping program succeeds", report.returncode == 0,
                  report.stderr[:300])
    mmap = report.json["timeline"]["mmap"]["v"]
    check.eq("mmap series peaks at the program's peak mapping", max(mmap, default=None),
             gt["peak_mapped_bytes"])
    check.eq("mmap series ends at what stays mapped", mmap[-1] if mmap else None,
             gt["still_mapped_bytes"])


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "basic_counts")
    check_report_data(h, check, trace, gt)
    check_phases(h, check)
    check_mappings(h, check)
    check_svg(h, check, trace)
    check_bad_input(h, check, trace)
