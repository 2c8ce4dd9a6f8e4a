#include "runtime/core/event_recording.h"

#include <cstring>

#include "runtime/core/event_clock.h"
#include "runtime/core/record_encoder.h"
#include "runtime/core/stack_interning.h"
#include "runtime/core/thread_stream.h"

namespace memscope::runtime {

namespace {

std::uint64_t address_of(const void* p) {
    return reinterpret_cast<std::uintptr_t>(p);
}

}  // namespace

void record_alloc(format::AllocFunc func, const void* address, std::uint64_t size, CallStack stack,
                  std::uint64_t t0, std::uint64_t t1) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    const std::uint32_t stack_id = intern_stack(*slot, stack, t1);
    if (!put_alloc(slot->stream, t1, func, address_of(address), size, stack_id, t1 - t0))
        count_lost_event();
}

void record_free(const void* address, std::uint64_t t0, std::uint64_t t1) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    if (!put_free(slot->stream, t0, address_of(address), t1 - t0)) count_lost_event();
}

void record_realloc(format::AllocFunc func, const void* old_address, const void* new_address,
                    std::uint64_t size, CallStack stack, std::uint64_t t0, std::uint64_t t1) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    const std::uint32_t stack_id = intern_stack(*slot, stack, t0);
    if (!put_realloc(slot->stream, t0, func, address_of(old_address), address_of(new_address), size,
                     stack_id, t1 - t0))
        count_lost_event();
}

void record_mmap(const void* address, std::uint64_t length, int prot, int flags, CallStack stack,
                 std::uint64_t t0, std::uint64_t t1) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    const std::uint32_t stack_id = intern_stack(*slot, stack, t1);
    if (!put_mmap(slot->stream, t1, address_of(address), length, static_cast<std::uint32_t>(prot),
                  static_cast<std::uint32_t>(flags), stack_id, t1 - t0))
        count_lost_event();
}

void record_munmap(const void* address, std::uint64_t length, std::uint64_t t0, std::uint64_t t1) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    if (!put_munmap(slot->stream, t0, address_of(address), length, t1 - t0)) count_lost_event();
}

void record_mremap(const void* old_address, std::uint64_t old_length, const void* new_address,
                   std::uint64_t new_length, CallStack stack, std::uint64_t t0, std::uint64_t t1) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    const std::uint32_t stack_id = intern_stack(*slot, stack, t0);
    if (!put_mremap(slot->stream, t0, address_of(old_address), old_length, address_of(new_address),
                    new_length, stack_id, t1 - t0))
        count_lost_event();
}

void record_call_inside(const CallInside& inside, std::uint64_t ts) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    std::uint8_t* at = reserve(slot->stream, kSmallRecordRoom);
    if (at == nullptr) {
        count_lost_event();
        return;
    }
    SmallRecord r(at, format::RecordType::kCallInside, slot->stream, ts);
    r.varint(inside.op);
    r.varint(inside.size);
    r.varint(inside.duration_ns);
    r.varint(inside.flags);
    r.varint(format::zigzag_encode(inside.brk_delta));
    r.varint(inside.minor_faults);
    r.varint(inside.major_faults);
    r.varint(format::zigzag_encode(inside.arena_heap_delta));
    commit(slot->stream, r.finish());
}

void record_fork(std::uint32_t child_pid) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr) return;
    if (!put_plain(slot->stream, format::RecordType::kFork, event_clock_ns(), 1, child_pid))
        count_lost_event();
}

void record_thread_name(const char* name) {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr || name == nullptr) return;
    const std::size_t len = strnlen(name, 15);
    if (!put_text(slot->stream, format::RecordType::kThreadName, event_clock_ns(), name,
                  static_cast<std::uint32_t>(len)))
        count_lost_event();
}

void record_module_changes() {
    ThreadSlot* slot = recording_thread_slot();
    if (slot == nullptr || !g_recorder.settings.scan_modules) return;
    g_recorder.modules.scan(slot->stream, event_clock_ns(), true);
}

}  // namespace memscope::runtime
