#include "analysis/allocator_model.h"

#include <algorithm>

namespace memscope::analysis {

namespace {

std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}

// The figures come from each allocator's source: glibc malloc/malloc.c
// (SIZE_SZ, MALLOC_ALIGNMENT, MINSIZE, DEFAULT_MMAP_THRESHOLD{,_MAX}),
// newlib's dlmalloc-derived mallocr.c, TLSF (block_header_overhead,
// block_size_min, ALIGN_SIZE on a 32-bit build) and FreeRTOS heap_4.c
// (xHeapStructSize, portBYTE_ALIGNMENT 8, heapMINIMUM_BLOCK_SIZE).
std::vector<AllocatorModel> make_models() {
    std::vector<AllocatorModel> models;
    models.push_back(AllocatorModel{
        "glibc-x86_64",
        "glibc malloc on x86-64 (this machine): 8-byte header, 16-byte alignment, 32-byte "
        "minimum; blocks from 128 KiB mapped, threshold rising to 32 MiB",
        64, 8, 16, 32, 128 * 1024, 32 * 1024 * 1024, 4096});
    models.push_back(AllocatorModel{
        "glibc-i386",
        "glibc malloc on 32-bit x86: 4-byte header, 16-byte alignment, 16-byte minimum; blocks "
        "from 128 KiB mapped, threshold rising to 512 KiB",
        32, 4, 16, 16, 128 * 1024, 512 * 1024, 4096});
    models.push_back(AllocatorModel{
        "newlib-32",
        "newlib malloc (dlmalloc) on a 32-bit microcontroller: 4-byte header, 8-byte "
        "alignment, 16-byte minimum; no mappings",
        32, 4, 8, 16, 0, 0, 4096});
    models.push_back(AllocatorModel{
        "tlsf-32",
        "TLSF on a 32-bit target: 4-byte header, 4-byte alignment, 16-byte minimum block; no "
        "mappings",
        32, 4, 4, 16, 0, 0, 4096});
    AllocatorModel heap4{
        "freertos-heap4",
        "FreeRTOS heap_4 on a 32-bit microcontroller: 8-byte header, 8-byte alignment, 16-byte "
        "minimum; first fit; a rest splits off above 16 bytes",
        32,
        8,
        8,
        16,
        0,
        0,
        4096};
    heap4.placement = PlacementPolicy::kFirstFit;
    heap4.min_split_bytes = 24;  // rests are multiples of 8, and heap_4 splits above 16
    models.push_back(heap4);
    return models;
}

}  // namespace

std::uint64_t AllocatorModel::block_bytes(std::uint64_t request) const {
    return std::max(min_block_bytes, align_up(request + header_bytes, alignment));
}

std::uint64_t AllocatorModel::mapped_bytes(std::uint64_t request) const {
    return align_up(block_bytes(request) + header_bytes, page_size);
}

const std::vector<AllocatorModel>& known_allocator_models() {
    static const std::vector<AllocatorModel> models = make_models();
    return models;
}

std::optional<AllocatorModel> find_allocator_model(std::string_view name) {
    for (const AllocatorModel& model : known_allocator_models())
        if (model.name == name) return model;
    return std::nullopt;
}

std::string known_allocator_model_names() {
    std::string names;
    for (const AllocatorModel& model : known_allocator_models()) {
        if (!names.empty()) names += ", ";
        names += model.name;
    }
    return names;
}

std::string custom_model_problem(std::uint64_t header_bytes, std::uint64_t alignment,
                                 std::uint64_t min_block_bytes) {
    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        return "the alignment must be a power of two";
    if (alignment > 4096) return "the alignment must be at most 4096 bytes";
    if (header_bytes > 4096) return "the header must be at most 4096 bytes";
    if (min_block_bytes > 1u << 20) return "the minimum block must be at most 1 MiB";
    if (min_block_bytes % alignment != 0)
        return "the minimum block must be a multiple of the alignment";
    return {};
}

}  // namespace memscope::analysis
