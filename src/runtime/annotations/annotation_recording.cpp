#include "runtime/annotations/annotation_recording.h"

#include <cstring>

#include "runtime/annotations/annotation_records.h"
#include "runtime/core/event_clock.h"
#include "runtime/core/stack_interning.h"
#include "runtime/core/thread_stream.h"

namespace memscope::runtime {

namespace {

std::uint64_t address_of(const void* p) {
    return reinterpret_cast<std::uintptr_t>(p);
}

std::uint32_t text_length(const char* text) {
    return static_cast<std::uint32_t>(strnlen(text, kMaxAnnotationText));
}

void record_text(format::RecordType type, const char* text) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    if (!put_text(slot->stream, type, event_clock_ns(), text, text_length(text)))
        count_lost_event();
}

void record_plain(format::RecordType type, std::uint32_t field_count, std::uint64_t a = 0,
                  std::uint64_t b = 0) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    if (!put_plain(slot->stream, type, event_clock_ns(), field_count, a, b)) count_lost_event();
}

}  // namespace

void record_phase_begin(const char* name) {
    record_text(format::RecordType::kPhaseBegin, name);
}

void record_phase_end() {
    record_plain(format::RecordType::kPhaseEnd, 0);
}

void record_mark(const char* label) {
    record_text(format::RecordType::kMark, label);
}

void record_pool_create(const void* pool, std::uint64_t capacity, const char* name) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    if (!put_pool_create(slot->stream, event_clock_ns(), address_of(pool), capacity, name,
                         text_length(name)))
        count_lost_event();
}

void record_pool_alloc(const void* pool, const void* address, std::uint64_t size, CallStack stack) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    const std::uint64_t ts = event_clock_ns();
    const std::uint32_t stack_id = intern_stack(*slot, stack, ts);
    if (!put_pool_alloc(slot->stream, ts, address_of(pool), address_of(address), size, stack_id))
        count_lost_event();
}

void record_pool_free(const void* pool, const void* address) {
    record_plain(format::RecordType::kPoolFree, 2, address_of(pool), address_of(address));
}

void record_pool_destroy(const void* pool) {
    record_plain(format::RecordType::kPoolDestroy, 1, address_of(pool));
}

}  // namespace memscope::runtime
