#include "report/latency_verdict.h"

#include <fmt/format.h>

#include "report/units.h"

namespace memscope::report {

namespace {

// glibc's default M_MMAP_THRESHOLD and M_TRIM_THRESHOLD.
constexpr std::uint64_t kGlibcMmapThreshold = 128 * 1024;

std::string sizes(const analysis::SlowCallClass& c) {
    if (c.max_size == 0) return "blocks of unknown size";
    if (c.min_size == c.max_size) return format_bytes(c.min_size);
    return format_bytes(c.min_size) + " to " + format_bytes(c.max_size);
}

std::string what(const analysis::SlowCallClass& c) {
    std::string share = "all of these calls";
    if (c.count < c.calls_in_class) {
        const double percent =
            100.0 * static_cast<double>(c.count) / static_cast<double>(c.calls_in_class);
        share = percent >= 1.0 ? fmt::format("{:.0f}% of these calls", percent)
                               : fmt::format("{:.2g}% of these calls", percent);
    }
    return fmt::format("{} of {}: {} slow ({}), {} each on average, {} at most",
                       analysis::latency_function_name(c.function), sizes(c), format_count(c.count),
                       share, format_duration(c.mean_ns()), format_duration(c.max_ns));
}

// What the recorder saw inside these calls (glibc only).
std::string seen_inside(const analysis::SlowCallClass& c) {
    std::string out;
    const bool frees = c.function == analysis::kLatencyFree;
    if (c.own_mappings > 0) {
        const std::string who = c.own_mappings == c.count
                                    ? std::string("Every one of them")
                                    : fmt::format("{} of them", c.own_mappings);
        out += frees ? who + " unmapped a block glibc had mapped for it alone. "
                     : who + " got a block glibc mapped for it alone. ";
    }
    if (c.minor_faults + c.major_faults > 0)
        out += fmt::format(
            "They took {} page faults ({:.1f} a call{}): the kernel filled fresh "
            "pages during the call. ",
            format_count(c.minor_faults + c.major_faults),
            static_cast<double>(c.minor_faults + c.major_faults) / static_cast<double>(c.count),
            c.major_faults > 0 ? fmt::format(", {} of them major, from disk", c.major_faults)
                               : std::string());
    if (c.brk_moves > 0)
        out += fmt::format(
            "The heap's break moved during {} of them ({}{} in all). ", c.brk_moves,
            c.brk_bytes < 0 ? "-" : "+",
            format_bytes(static_cast<std::uint64_t>(c.brk_bytes < 0 ? -c.brk_bytes : c.brk_bytes)));
    if (c.arena_grows > 0)
        out += fmt::format("{} of them grew a thread arena's heap (mprotect, {} in all). ",
                           c.arena_grows, format_bytes(c.arena_grown_bytes));
    if (c.arena_trims > 0)
        out += fmt::format(
            "{} of them gave {} of a thread arena's heap back to the kernel (madvise): the "
            "next allocations there fault those pages in again; raise M_TRIM_THRESHOLD "
            "(MALLOC_TRIM_THRESHOLD_) so glibc keeps them. ",
            c.arena_trims, format_bytes(c.arena_returned_bytes));
    return out;
}

}  // namespace

std::string latency_verdict(const analysis::SlowCallClass& c) {
    const std::string head = what(c) + ". " + seen_inside(c);
    if (c.function == analysis::kLatencyMmap || c.function == analysis::kLatencyMremap ||
        c.function == analysis::kLatencyMunmap) {
        return head +
               "The kernel maps (and zeroes on first touch) or unmaps these pages on every call: "
               "reuse the mappings instead of mapping per use, or pre-fault them "
               "(MAP_POPULATE).";
    }
    if (c.function == analysis::kLatencyFree) {
        if (c.max_size >= kGlibcMmapThreshold) {
            return head +
                   "Freeing blocks this large gives memory back to the kernel (munmap of a "
                   "mapped block, or trimming the heap top above M_TRIM_THRESHOLD, 128 KiB by "
                   "default): raise M_MMAP_THRESHOLD and M_TRIM_THRESHOLD (mallopt, or "
                   "MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_) or reuse these blocks.";
        }
        return head +
               "Freeing small blocks is usually a cache push; slow ones merge free chunks, trim "
               "the heap or wait for the arena lock or the CPU: if they recur, raise "
               "M_TRIM_THRESHOLD; with many threads, check CPU contention.";
    }
    if (c.max_size >= kGlibcMmapThreshold) {
        const bool zeroes = c.function == static_cast<std::size_t>(format::AllocFunc::kCalloc);
        return head +
               "Requests this large are above glibc's mmap threshold (128 KiB by default; it "
               "grows up to 32 MiB as such blocks are freed), so each call maps fresh pages "
               "from the kernel and their free unmaps them" +
               (zeroes ? std::string(", and calloc also touches every page") : std::string()) +
               ": raise M_MMAP_THRESHOLD (mallopt, or MALLOC_MMAP_THRESHOLD_=bytes) or keep "
               "these buffers in a pool.";
    }
    return head +
           "Requests this size are normally served from per-thread caches in tens of "
           "nanoseconds; slow ones extend the heap (brk, or a new arena heap for another "
           "thread), fault in fresh pages, or wait for the arena lock or the CPU: preallocate "
           "or pool these blocks, and with many threads try MALLOC_ARENA_MAX.";
}

}  // namespace memscope::report
