// What the hooks call once the real function has returned: each appends one
// event (plus any new stack nodes) to the calling thread's stream. t0 is taken
// before the real call, t1 after; the event's timestamp follows the ordering
// rule (allocations at t1, frees at t0, realloc/mremap at t0 with the duration
// placing the new block at t1), and its duration is t1 - t0.
#pragma once

#include <cstdint>

#include "format/record_types.h"
#include "runtime/core/call_stack.h"

namespace memscope::runtime {

void record_alloc(format::AllocFunc func, const void* address, std::uint64_t size, CallStack stack,
                  std::uint64_t t0, std::uint64_t t1);
void record_free(const void* address, std::uint64_t t0, std::uint64_t t1);
void record_realloc(format::AllocFunc func, const void* old_address, const void* new_address,
                    std::uint64_t size, CallStack stack, std::uint64_t t0, std::uint64_t t1);
void record_mmap(const void* address, std::uint64_t length, int prot, int flags, CallStack stack,
                 std::uint64_t t0, std::uint64_t t1);
void record_munmap(const void* address, std::uint64_t length, std::uint64_t t0, std::uint64_t t1);
void record_mremap(const void* old_address, std::uint64_t old_length, const void* new_address,
                   std::uint64_t new_length, CallStack stack, std::uint64_t t0, std::uint64_t t1);
// What the allocator did inside one call (allocator_probe.h); the fields of
// record type 34.
struct CallInside {
    std::uint8_t op = 0;  // an AllocFunc or format::kDurationOpFree
    std::uint64_t size = 0;
    std::uint64_t duration_ns = 0;
    std::uint64_t flags = 0;
    std::int64_t brk_delta = 0;
    std::uint64_t minor_faults = 0;
    std::uint64_t major_faults = 0;
    std::int64_t arena_heap_delta = 0;  // a thread arena's heap grew (+) or gave back (-)
};
// After the event of an allocator call, stamped ts.
void record_call_inside(const CallInside& inside, std::uint64_t ts);
void record_fork(std::uint32_t child_pid);
void record_thread_name(const char* name);
// After dlclose: report unloaded (and newly loaded) objects now.
void record_module_changes();

}  // namespace memscope::runtime
