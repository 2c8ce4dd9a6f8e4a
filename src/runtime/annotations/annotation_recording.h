// What the annotation API's entry points (preload/annotation_table.cpp) call:
// each appends one record to the calling thread's stream at the current time.
// Annotations are never sampled: in sampled mode they are recorded like in
// full mode. Names and labels longer than kMaxAnnotationText are cut.
#pragma once

#include <cstdint>

#include "runtime/core/call_stack.h"

namespace memscope::runtime {

inline constexpr std::uint32_t kMaxAnnotationText = 255;

void record_phase_begin(const char* name);
void record_phase_end();
void record_mark(const char* label);
void record_pool_create(const void* pool, std::uint64_t capacity, const char* name);
void record_pool_alloc(const void* pool, const void* address, std::uint64_t size, CallStack stack);
void record_pool_free(const void* pool, const void* address);
void record_pool_destroy(const void* pool);

}  // namespace memscope::runtime
