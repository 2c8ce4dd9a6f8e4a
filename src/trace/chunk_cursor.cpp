#include "trace/chunk_cursor.h"

#include <limits>
#include <string_view>

#include "trace/aggregate_records.h"

namespace memscope::trace {

namespace {

using format::ByteCursor;
using format::RecordType;

enum class Outcome { kProduced, kConsumed, kBad };

std::string_view read_string(ByteCursor& in) {
    const std::uint64_t len = in.varint();
    if (in.failed() || len > in.remaining()) {
        in.bytes(in.remaining() + 1);  // marks the cursor failed
        return {};
    }
    const auto* p = in.bytes(static_cast<std::size_t>(len));
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(len)};
}

std::string to_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0xf]);
    }
    return out;
}

// The record's fields from the cursor on, for decoders outside the cursor.
std::string_view rest_of_record(ByteCursor& in) {
    const std::size_t n = in.remaining();
    const auto* p = in.bytes(n);
    return {reinterpret_cast<const char*>(p), n};
}

// The recorder's process-wide stream (module map, RSS samples, exit) is written
// under tid 0, which no thread has; it gets no entry in the thread table.
constexpr std::uint32_t kProcessStreamTid = 0;

bool fits_u32(std::uint64_t v) {
    return v <= std::numeric_limits<std::uint32_t>::max();
}

}  // namespace

ChunkCursor::ChunkCursor(const std::uint8_t* begin, const std::uint8_t* end,
                         const format::ChunkHeader& header, TraceTables tables)
    : in_(begin, end), tables_(tables), tid_(header.tid), ts_(header.base_ts) {
    heap_address_.previous = header.base_addr;
    if (tid_ != kProcessStreamTid) tables_.threads[tid_].tid = tid_;
}

ChunkCursor::Status ChunkCursor::corrupt(const char* what) {
    error_ = "record " + std::to_string(record_index_) + ": " + what;
    return Status::kCorrupt;
}

ChunkCursor::Status ChunkCursor::advance() {
    if (has_pending_) {
        has_pending_ = false;
        event_ = pending_;
        return Status::kEvent;
    }
    while (!in_.at_end()) {
        const std::uint8_t type = in_.byte();
        const std::uint64_t len = in_.varint();
        if (in_.failed()) return corrupt("the record header is cut short");
        if (len > in_.remaining()) return corrupt("the record runs past the end of the chunk");
        const std::uint8_t* payload = in_.bytes(static_cast<std::size_t>(len));
        ByteCursor rec(payload, payload + len);
        ts_ += rec.varint();
        if (rec.failed()) return corrupt("the record has no timestamp");
        const Status s = decode_record(static_cast<RecordType>(type), rec);
        ++record_index_;
        if (s != Status::kEnd) return s;
    }
    return Status::kEnd;
}

// Returns kEvent when event_ was filled, kEnd when the record only fed the tables
// (or is of a type this reader does not know), kCorrupt when its fields do not parse.
ChunkCursor::Status ChunkCursor::decode_record(RecordType type, ByteCursor& in) {
    Event& e = event_;
    e = Event{};
    e.tid = tid_;
    e.time_ns = ts_;
    bool produced = true;
    switch (type) {
        case RecordType::kAlloc: {
            const std::uint64_t func = in.varint();
            e.kind = EventKind::kAlloc;
            e.address = heap_address_.decode(in.svarint());
            e.size = in.varint();
            const std::uint64_t stack = in.varint();
            e.duration_ns = in.varint();
            if (func >= 256 || !fits_u32(stack)) return corrupt("an alloc field is out of range");
            e.func = static_cast<format::AllocFunc>(func);
            e.stack = static_cast<StackId>(stack);
            break;
        }
        case RecordType::kFree:
            e.kind = EventKind::kFree;
            e.address = heap_address_.decode(in.svarint());
            e.duration_ns = in.varint();
            break;
        case RecordType::kRealloc: {
            const std::uint64_t func = in.varint();
            const std::uint64_t old_address = heap_address_.decode(in.svarint());
            const std::uint64_t new_address = heap_address_.decode(in.svarint());
            const std::uint64_t size = in.varint();
            const std::uint64_t stack = in.varint();
            const std::uint64_t duration = in.varint();
            // Optional: when the new block appeared, if not start + duration
            // (compact timing rounds both times on their own).
            const std::uint64_t delay = in.at_end() ? duration : in.varint();
            if (in.failed()) break;
            if (func >= 256 || !fits_u32(stack)) return corrupt("a realloc field is out of range");
            // The old block is released when realloc starts and the new one exists
            // when it returns; either half is absent when its address is null.
            Event alloc = e;
            alloc.kind = EventKind::kAlloc;
            alloc.func = static_cast<format::AllocFunc>(func);
            alloc.from_realloc = true;
            alloc.time_ns = ts_ + delay;
            alloc.duration_ns = duration;
            alloc.address = new_address;
            alloc.size = size;
            alloc.stack = static_cast<StackId>(stack);
            e.kind = EventKind::kFree;
            e.from_realloc = true;
            e.address = old_address;
            if (old_address == 0) {
                e = alloc;
            } else if (new_address != 0) {
                pending_ = alloc;
                has_pending_ = true;
            }
            if (old_address == 0 && new_address == 0) produced = false;
            break;
        }
        case RecordType::kMmap: {
            e.kind = EventKind::kMmap;
            e.address = in.varint();
            e.size = in.varint();
            in.varint();  // prot
            in.varint();  // flags
            const std::uint64_t stack = in.varint();
            e.duration_ns = in.varint();
            if (!fits_u32(stack)) return corrupt("an mmap stack id is out of range");
            e.stack = static_cast<StackId>(stack);
            break;
        }
        case RecordType::kMunmap:
            e.kind = EventKind::kMunmap;
            e.address = in.varint();
            e.size = in.varint();
            e.duration_ns = in.varint();
            break;
        case RecordType::kMremap: {
            // Seen downstream as the old range unmapped, then the new range
            // mapped, both marked from_realloc (one call, timed on each half).
            e.kind = EventKind::kMunmap;
            e.from_realloc = true;
            e.address = in.varint();
            e.size = in.varint();
            Event mapped = e;
            mapped.kind = EventKind::kMmap;
            mapped.address = in.varint();
            mapped.size = in.varint();
            const std::uint64_t stack = in.varint();
            mapped.duration_ns = e.duration_ns = in.varint();
            if (!fits_u32(stack)) return corrupt("an mremap stack id is out of range");
            mapped.stack = static_cast<StackId>(stack);
            mapped.time_ns = ts_ + mapped.duration_ns;
            pending_ = mapped;
            has_pending_ = !in.failed();
            break;
        }
        case RecordType::kModuleLoad:
            note_module_load(in);
            produced = false;
            break;
        case RecordType::kModuleUnload:
            note_module_unload(in.varint());
            produced = false;
            break;
        case RecordType::kStackNode: {
            const std::uint64_t id = in.varint();
            const std::uint64_t parent = in.varint();
            const std::uint64_t ip = in.varint();
            if (!fits_u32(id) || !fits_u32(parent))
                return corrupt("a stack node id is out of range");
            if (!in.failed() && id != 0)
                tables_.stacks[static_cast<StackId>(id)] =
                    StackNode{static_cast<StackId>(parent), ip};
            produced = false;
            break;
        }
        case RecordType::kThreadStart:
            e.kind = EventKind::kThreadStart;
            if (tid_ != kProcessStreamTid) tables_.threads[tid_].start_ns = ts_;
            break;
        case RecordType::kThreadName: {
            const std::string_view name = read_string(in);
            if (!in.failed() && tid_ != kProcessStreamTid) tables_.threads[tid_].name.assign(name);
            produced = false;
            break;
        }
        case RecordType::kThreadExit:
            e.kind = EventKind::kThreadExit;
            if (tid_ != kProcessStreamTid) tables_.threads[tid_].exit_ns = ts_;
            break;
        case RecordType::kRssSample:
            e.kind = EventKind::kRssSample;
            e.value = in.varint();
            break;
        case RecordType::kPressureSample:
            e.kind = EventKind::kPressureSample;
            e.value = in.varint();
            e.size = in.varint();
            break;
        case RecordType::kCallInside: {
            const std::uint64_t op = in.varint();
            if (op >= format::kDurationOpCount)
                return corrupt("an allocator call's op is out of range");
            e.kind = EventKind::kCallInside;
            e.how = static_cast<std::uint8_t>(op);
            e.size = in.varint();
            e.duration_ns = in.varint();
            e.value = in.varint();
            e.address = static_cast<std::uint64_t>(format::zigzag_decode(in.varint()));
            if (!in.at_end()) e.minor_faults = in.varint();
            if (!in.at_end()) e.major_faults = in.varint();
            if (!in.at_end()) e.arena_heap_delta = format::zigzag_decode(in.varint());
            break;
        }
        case RecordType::kPhaseBegin:
            e.kind = EventKind::kPhaseBegin;
            e.text = read_string(in);
            break;
        case RecordType::kPhaseEnd:
            e.kind = EventKind::kPhaseEnd;
            break;
        case RecordType::kMark:
            e.kind = EventKind::kMark;
            e.text = read_string(in);
            break;
        case RecordType::kPoolCreate:
            e.kind = EventKind::kPoolCreate;
            e.pool = in.varint();
            e.size = in.varint();
            e.text = read_string(in);
            break;
        case RecordType::kPoolAlloc: {
            e.kind = EventKind::kPoolAlloc;
            e.pool = in.varint();
            e.address = in.varint();
            e.size = in.varint();
            const std::uint64_t stack = in.varint();
            if (!fits_u32(stack)) return corrupt("a pool stack id is out of range");
            e.stack = static_cast<StackId>(stack);
            break;
        }
        case RecordType::kPoolFree:
            e.kind = EventKind::kPoolFree;
            e.pool = in.varint();
            e.address = in.varint();
            break;
        case RecordType::kPoolDestroy:
            e.kind = EventKind::kPoolDestroy;
            e.pool = in.varint();
            break;
        case RecordType::kGpuAlloc: {
            e.kind = EventKind::kGpuAlloc;
            e.value = in.varint();
            e.address = in.varint();
            e.size = in.varint();
            const std::uint64_t stack = in.varint();
            e.duration_ns = in.varint();
            if (!fits_u32(stack)) return corrupt("a GPU stack id is out of range");
            e.stack = static_cast<StackId>(stack);
            break;
        }
        case RecordType::kGpuFree:
            e.kind = EventKind::kGpuFree;
            e.value = in.varint();
            e.address = in.varint();
            e.duration_ns = in.varint();
            break;
        case RecordType::kFork:
            e.kind = EventKind::kFork;
            e.value = in.varint();
            break;
        case RecordType::kExec:
            e.kind = EventKind::kExec;
            e.text = read_string(in);
            break;
        case RecordType::kProcessExit: {
            e.kind = EventKind::kProcessExit;
            const std::uint64_t how = in.varint();
            e.value = in.varint();
            e.size = in.varint();
            if (how >= 256) return corrupt("an exit kind is out of range");
            e.how = static_cast<std::uint8_t>(how);
            break;
        }
        case RecordType::kLostEvents:
            e.kind = EventKind::kLostEvents;
            e.value = in.varint();
            break;
        case RecordType::kCallDurations: {
            const std::uint64_t op = in.varint();
            const std::uint64_t size_class = in.varint();
            const std::uint64_t bucket = in.varint();
            e.value = in.varint();
            if (in.failed()) break;
            if (op >= format::kDurationOpCount || size_class >= format::kDurationSizeClassCount ||
                bucket >= format::kDurationBucketCount)
                return corrupt("a call-duration bucket is out of range");
            e.kind = EventKind::kCallDurations;
            e.how = static_cast<std::uint8_t>(op);
            e.size = size_class;
            e.duration_ns = format::duration_bucket_low(static_cast<std::uint32_t>(bucket));
            e.duration_max_ns = format::duration_bucket_high(static_cast<std::uint32_t>(bucket));
            break;
        }
        case RecordType::kRunTotals:
            e.kind = EventKind::kRunTotals;
            e.text = rest_of_record(in);
            if (!parse_run_totals(e.text)) return corrupt("run totals are cut short");
            break;
        case RecordType::kSiteTotals: {
            const std::uint64_t stack = in.varint();
            if (!fits_u32(stack)) return corrupt("a site's stack id is out of range");
            e.kind = EventKind::kSiteTotals;
            e.stack = static_cast<StackId>(stack);
            e.text = rest_of_record(in);
            if (!parse_site_totals(e.text)) return corrupt("site totals are cut short");
            break;
        }
        default:
            // Smaps samples, MPI buffers, latency outliers and future types: no
            // event kind yet; their length already let us step over them.
            produced = false;
            break;
    }
    if (in.failed()) {
        has_pending_ = false;
        return corrupt("the record's fields are cut short");
    }
    return produced ? Status::kEvent : Status::kEnd;
}

void ChunkCursor::note_module_load(ByteCursor& in) {
    Module m;
    m.load_time_ns = ts_;
    m.load_bias = in.varint();
    const std::uint64_t count = in.varint();
    // Each segment takes at least two bytes, which bounds a corrupt count.
    if (in.failed() || count > in.remaining() / 2) {
        in.bytes(in.remaining() + 1);
        return;
    }
    m.segments.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        Segment s;
        s.vaddr = in.varint();
        s.memsz = in.varint();
        m.segments.push_back(s);
    }
    m.build_id = to_hex(read_string(in));
    m.path.assign(read_string(in));
    if (!in.failed()) tables_.modules.push_back(std::move(m));
}

void ChunkCursor::note_module_unload(std::uint64_t load_bias) {
    const ModuleUnload unload{load_bias, ts_};
    if (!apply_module_unload(tables_.modules, unload) && tables_.unresolved_unloads != nullptr)
        tables_.unresolved_unloads->push_back(unload);
}

}  // namespace memscope::trace
