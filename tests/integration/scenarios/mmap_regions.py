"""Anonymous mmap is its own class of memory: whole and partial munmap
(including a partial one at the region's base) are tracked to the byte, a
file-backed mapping does not count, and the heap peak ignores mappings."""

from memscope_harness import check_clean_exit, record_ground_truth


def run(h, check):
    _, gt, trace = record_ground_truth(h, check, "mmap_regions", ["plain"])
    s = h.summary(check, trace)
    check_clean_exit(check, s)
    mmap = s.get("mmap") or {}
    check.eq("mmap.calls", mmap.get("calls"), gt["mmap_calls"])
    check.eq("mmap.mapped_bytes", mmap.get("mapped_bytes"), gt["mapped_bytes"])
    check.eq("mmap.peak_bytes", mmap.get("peak_bytes"), gt["peak_mapped_bytes"])
    check.eq("mmap.still_mapped_bytes", mmap.get("still_mapped_bytes"), gt["still_mapped_bytes"])
    check.eq("peak_heap_bytes", s.get("peak_heap_bytes"), gt["peak_heap_bytes"])
    check.eq("allocation_calls", s.get("allocation_calls"), gt["allocation_calls"])
