"""C++ new/delete, new[]/delete[] (with and without an array cookie), aligned
new and nothrow new: each seen once, of its exact size, attributed to the
function that called new (demangled), never to operator new."""

from memscope_harness import (check_clean_exit, check_site, leak_groups_with,
                              record_ground_truth)


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "cxx_new_delete")
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    check.ge("allocation_calls", s.get("allocation_calls"), gt["min_allocation_calls"])
    check.ge("free_calls", s.get("free_calls"), gt["min_free_calls"])
    check.ge("leaked_bytes", s.get("leaked_bytes"), gt["leaked_widget_bytes"])

    top = h.top(check, trace, "allocated")
    check_site(check, top, "ns::Factory::make",
               {"allocations": gt["factory_calls"], "allocated_bytes": gt["factory_bytes"],
                "leaked_bytes": 0})
    check_site(check, top, "make_widget_array",
               {"allocations": 1, "allocated_bytes": gt["widget_array_bytes"], "leaked_bytes": 0})
    check_site(check, top, "make_tracked_array",
               {"allocations": 1, "allocated_bytes": gt["tracked_array_bytes"],
                "leaked_bytes": 0})
    check_site(check, top, "make_aligned",
               {"allocations": 1, "allocated_bytes": gt["aligned_bytes"], "leaked_bytes": 0})
    check_site(check, top, "make_nothrow",
               {"allocations": 1, "allocated_bytes": gt["nothrow_bytes"], "leaked_bytes": 0})
    check_site(check, top, "leak_widget",
               {"allocations": 1, "allocated_bytes": gt["leaked_widget_bytes"],
                "leaked_bytes": gt["leaked_widget_bytes"], "leaked_blocks": 1})
    operator_sites = [r.get("function") for r in top.get("sites", [])
                      if str(r.get("function", "")).startswith("operator new")]
    check.eq("sites named operator new", operator_sites, [])

    groups = leak_groups_with(h.leaks(check, trace), "leak_widget")
    check.eq("leaked through leak_widget", sum(g.get("bytes", 0) for g in groups),
             gt["leaked_widget_bytes"])
