#include "runtime/core/trace_output.h"

#define ZSTD_STATIC_LINKING_ONLY
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <cstring>

#include "format/file_layout.h"
#include "runtime/core/event_buffer.h"
#include "runtime/core/recorder_memory.h"
#include "runtime/core/system_calls.h"

namespace memscope::runtime {

namespace {

// Room for the column payload's preamble and stream table.
constexpr std::size_t kPreambleRoom =
    8 + format::kMaxVarintBytes + 2 * format::kMaxVarintBytes * format::kColumnStreamCount;
// Largest raw column stream a 1 MiB range of rows can produce, per stream.
constexpr std::uint32_t kStreamCapacity[format::kColumnStreamCount] = {
    kEventBufferBytes / 2,     // kinds: rows are at least 4 bytes
    kEventBufferBytes / 2,     // ts lead
    2 * kEventBufferBytes,     // ts tail
    kEventBufferBytes / 2,     // ref lead
    kEventBufferBytes,         // ref tail
    4 * kEventBufferBytes,     // addresses: 6 bytes each, up to 2 per realloc row
    kEventBufferBytes / 2,     // size lead
    kEventBufferBytes,         // size tail
    kEventBufferBytes / 2,     // stack lead
    kEventBufferBytes / 2,     // stack tail
    2 * kEventBufferBytes,     // durations or outliers
    kEventBufferBytes,         // duration tail
    kEventBufferBytes / 4,     // histogram
    kEventBufferBytes + 4096,  // other records
};

// References, addresses, sizes and stack ids are close to random bytes: zstd's
// match search finds little in them, and level 1 codes them within 1% of level
// 3 at two thirds of the time (churn). Kinds and times repeat: level 3.
int column_level(unsigned stream) {
    switch (stream) {
        case format::kStreamRefLead:
        case format::kStreamRefTail:
        case format::kStreamAddress:
        case format::kStreamSizeLead:
        case format::kStreamSizeTail:
        case format::kStreamStackLead:
        case format::kStreamStackTail:
            return TraceOutput::kRowCompressionLevel;
        default:
            return TraceOutput::kColumnCompressionLevel;
    }
}

std::size_t column_capacity_total() {
    std::size_t n = 0;
    for (const std::uint32_t c : kStreamCapacity) n += c;
    return n;
}

}  // namespace

bool TraceOutput::init(const format::ColumnSettings& columns) {
    const int max_level = kColumnCompressionLevel > kRowCompressionLevel ? kColumnCompressionLevel
                                                                         : kRowCompressionLevel;
    const std::size_t workspace = ZSTD_estimateCCtxSize(max_level);
    void* memory = recorder_map(workspace);
    if (memory == nullptr) return false;
    cctx_ = ZSTD_initStaticCCtx(memory, workspace);
    if (cctx_ == nullptr) return false;
    if (ZSTD_isError(ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1))) return false;
    column_settings_ = columns;
    compressed_capacity_ = kPreambleRoom + ZSTD_compressBound(column_capacity_total());
    compressed_ = static_cast<std::uint8_t*>(recorder_map(compressed_capacity_));
    if (compressed_ == nullptr) return false;
    // Without the encoder's memory every chunk goes as rows, which is fine.
    columns_ready_ = init_columns();
    return true;
}

bool TraceOutput::init_columns() {
    format::ColumnEncoderMemory& m = column_memory_;
    for (unsigned i = 0; i < format::kColumnStreamCount; ++i) {
        m.streams[i].data = static_cast<std::uint8_t*>(recorder_map(kStreamCapacity[i]));
        if (m.streams[i].data == nullptr) return false;
        m.streams[i].capacity = kStreamCapacity[i];
    }
    const std::uint32_t slots =
        format::AddressModel::slots_for(format::kAddressModelMaxAllocations);
    m.model.slot_capacity = slots;
    m.model.slot_address = static_cast<std::uint64_t*>(recorder_map(sizeof(std::uint64_t) * slots));
    m.model.slot_seq = static_cast<std::uint32_t*>(recorder_map(sizeof(std::uint32_t) * slots));
    m.model.live_words =
        static_cast<std::uint64_t*>(recorder_map(sizeof(std::uint64_t) * format::kLiveRankWords));
    m.model.allocations = static_cast<format::AddressModelAllocation*>(
        recorder_map(sizeof(format::AddressModelAllocation) * format::kAddressModelMaxAllocations));
    m.histogram = static_cast<std::uint32_t*>(
        recorder_map(sizeof(std::uint32_t) * format::kDurationHistogramKeys));
    m.model.class_key = static_cast<std::uint64_t*>(
        recorder_map(sizeof(std::uint64_t) * format::kAddressModelClassSlots));
    m.model.class_ring = static_cast<std::uint32_t*>(
        recorder_map(sizeof(std::uint32_t) * format::kAddressModelClassSlots));
    m.model.class_count = static_cast<std::uint32_t*>(
        recorder_map(sizeof(std::uint32_t) * format::kAddressModelClassRings));
    m.model.rings = static_cast<std::uint64_t*>(
        recorder_map(sizeof(std::uint64_t) * format::kAddressModelClassRings *
                     format::kAddressModelClassRingSize));
    // Frees and allocations of one range: a row is at least 4 bytes.
    const std::uint32_t free_slots = format::AddressModel::slots_for(kEventBufferBytes / 4);
    m.model.free_capacity = free_slots;
    m.model.free_address =
        static_cast<std::uint64_t*>(recorder_map(sizeof(std::uint64_t) * free_slots));
    m.model.free_where =
        static_cast<std::uint64_t*>(recorder_map(sizeof(std::uint64_t) * free_slots));
    if (m.model.slot_address == nullptr || m.model.slot_seq == nullptr ||
        m.model.live_words == nullptr || m.model.allocations == nullptr || m.histogram == nullptr ||
        m.model.class_key == nullptr || m.model.class_ring == nullptr ||
        m.model.class_count == nullptr || m.model.rings == nullptr ||
        m.model.free_address == nullptr || m.model.free_where == nullptr)
        return false;
    encoder_.set_memory(&column_memory_);
    return true;
}

std::size_t TraceOutput::compress(const void* data, std::size_t length, std::uint8_t* out,
                                  std::size_t capacity, int level) {
    if (ZSTD_isError(ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level))) return 0;
    const std::size_t n = ZSTD_compress2(cctx_, out, capacity, data, length);
    return ZSTD_isError(n) ? 0 : n;
}

bool TraceOutput::encode_columns(const std::uint8_t* data, std::uint32_t length,
                                 const RecordRangeSummary& summary, DeltaChains start,
                                 format::ChunkHeader& h, std::size_t& packed) {
    format::ColumnChunkFacts facts;
    if (!encoder_.encode(data, data + length, start.ts, start.address, summary.allocs,
                         summary.frees, column_settings_, facts))
        return false;
    // Streams are compressed behind the preamble's room, then the preamble is
    // written and the streams moved down to follow it.
    std::uint8_t* out = compressed_ + kPreambleRoom;
    const std::uint8_t* const out_end = compressed_ + compressed_capacity_;
    std::uint64_t packed_size[format::kColumnStreamCount] = {};
    std::uint64_t raw_total = 0;
    for (unsigned i = 0; i < format::kColumnStreamCount; ++i) {
        const format::ByteSink& s = column_memory_.streams[i];
        raw_total += s.size;
        if (s.size == 0) continue;
        const std::size_t room = static_cast<std::size_t>(out_end - out);
        if (room < ZSTD_compressBound(s.size)) return false;
        const std::size_t n = compress(s.data, s.size, out, room, column_level(i));
        if (n == 0) return false;
        packed_size[i] = n;
        out += n;
    }
    if (raw_total > format::kMaxChunkRawSize) return false;
    format::ByteSink pre;
    pre.data = compressed_;
    pre.capacity = static_cast<std::uint32_t>(kPreambleRoom);
    pre.byte(format::kColumnLayoutVersion);
    pre.byte(facts.time_shift);
    pre.byte(static_cast<std::uint8_t>(column_settings_.timing));
    pre.byte(format::kColumnAddressWidth);
    pre.varint(column_settings_.outlier_threshold_ns);
    pre.byte(format::kColumnStreamCount);
    for (unsigned i = 0; i < format::kColumnStreamCount; ++i) {
        pre.varint(column_memory_.streams[i].size);
        pre.varint(packed_size[i]);
    }
    if (pre.overflow) return false;
    const std::size_t body = static_cast<std::size_t>(out - (compressed_ + kPreambleRoom));
    std::memmove(compressed_ + pre.size, compressed_ + kPreambleRoom, body);
    packed = pre.size + body;
    h.flags = format::kChunkColumns;
    h.raw_size = static_cast<std::uint32_t>(raw_total);
    h.base_ts = facts.base_ts;
    h.base_addr = 0;
    h.t_begin = facts.t_begin;
    h.t_end = facts.t_end;
    return true;
}

bool TraceOutput::usable() {
    if (failed_) return false;
    if (file_.still_ours()) return true;
    if (path_ != nullptr && file_.reopen(path_, O_WRONLY)) return true;
    return fail(EBADF);
}

bool TraceOutput::fail(int error) {
    failed_ = true;
    error_ = error;
    return false;
}

bool TraceOutput::write_bytes(const void* data, std::uint32_t length) {
    if (!usable()) return false;
    if (!write_at(file_.fd(), offset_, data, length, nullptr, 0)) return fail(errno);
    offset_ += length;
    return true;
}

bool TraceOutput::write_events(std::uint32_t tid, const std::uint8_t* data, std::uint32_t length,
                               const RecordRangeSummary& summary, DeltaChains start) {
    if (!usable()) return false;
    if (length > kEventBufferBytes) return fail(EINVAL);
    format::ChunkHeader h;
    std::memset(&h, 0, sizeof(h));
    h.tid = tid;
    h.event_count = summary.records;
    h.alloc_count = summary.allocs;
    h.free_count = summary.frees;
    std::size_t packed = 0;
    if (!columns_ready_ || !column_settings_.column_chunks ||
        !encode_columns(data, length, summary, start, h, packed)) {
        packed = compress(data, length, compressed_, compressed_capacity_, kRowCompressionLevel);
        if (packed == 0) return fail(EIO);
        h.flags = format::kChunkEvents;
        h.raw_size = length;
        h.base_ts = start.ts;
        h.base_addr = start.address;
        h.t_begin = summary.t_begin;
        h.t_end = summary.t_end;
    }
    h.compressed_size = static_cast<std::uint32_t>(packed);
    format::seal_chunk_header(h);
    if (!write_at(file_.fd(), offset_, &h, sizeof(h), compressed_, packed)) {
        const int error = errno;
        // Take a partly written chunk back: the trace then ends cleanly at its
        // last whole chunk (disk full, file size limit).
        if (ftruncate(file_.fd(), static_cast<off_t>(offset_)) != 0) {
        }
        return fail(error);
    }
    offset_ += sizeof(h) + packed;
    return true;
}

bool TraceOutput::write_end(std::uint64_t ts) {
    format::ChunkHeader h;
    std::memset(&h, 0, sizeof(h));
    h.flags = format::kChunkEnd;
    h.base_ts = ts;
    h.t_begin = ts;
    h.t_end = ts;
    format::seal_chunk_header(h);
    return write_bytes(&h, sizeof(h));
}

bool TraceOutput::truncate_to(std::uint64_t offset) {
    if (!usable()) return false;
    if (ftruncate(file_.fd(), static_cast<off_t>(offset)) != 0) return fail(errno);
    offset_ = offset;
    return true;
}

void TraceOutput::close_file() {
    file_.close_if_ours();
}

}  // namespace memscope::runtime
