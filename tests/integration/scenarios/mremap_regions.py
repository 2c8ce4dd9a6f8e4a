"""mremap growing (may move) and shrinking in place: live mapped bytes and
their peak are exact. The call count is only bounded below, since whether a
mremap is one call or an unmap plus a map is a convention."""

from memscope_harness import check_clean_exit, record_ground_truth


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "mmap_regions", ["remap"])
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    mmap = s.get("mmap") or {}
    check.ge("mmap.calls", mmap.get("calls"), gt["min_mmap_calls"])
    check.eq("mmap.peak_bytes", mmap.get("peak_bytes"), gt["peak_mapped_bytes"])
    check.eq("mmap.still_mapped_bytes", mmap.get("still_mapped_bytes"), gt["still_mapped_bytes"])
    check.eq("peak_heap_bytes", s.get("peak_heap_bytes"), gt["peak_heap_bytes"])
    check.eq("allocation_calls", s.get("allocation_calls"), gt["allocation_calls"])
