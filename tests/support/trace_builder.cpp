#include "support/trace_builder.h"

#include "support/column_chunk_writer.h"

#include <zstd.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "format/crc32.h"
#include "format/varint.h"

namespace memscope::testing {

using format::RecordType;

namespace {

constexpr std::uint64_t kChunkBaseAddress = 0x5500'0000'0000;

void put_svarint(std::vector<std::uint8_t>& out, std::int64_t v) {
    put_varint(out, format::zigzag_encode(v));
}

void put_string(std::vector<std::uint8_t>& out, const std::string& s) {
    put_varint(out, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

template <typename T>
void put_raw(std::vector<std::uint8_t>& out, const T& v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    out.insert(out.end(), p, p + sizeof v);
}

void put_u32_string(std::vector<std::uint8_t>& out, const std::string& s) {
    put_raw(out, static_cast<std::uint32_t>(s.size()));
    out.insert(out.end(), s.begin(), s.end());
}

std::uint8_t type_byte(RecordType t) {
    return static_cast<std::uint8_t>(t);
}

}  // namespace

void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
    std::uint8_t buf[format::kMaxVarintBytes];
    const std::size_t n = format::encode_varint(buf, v);
    out.insert(out.end(), buf, buf + n);
}

std::vector<std::uint8_t> encode_file_header(const TraceHeaderSpec& spec) {
    format::FileHeaderFixed h{};
    std::memcpy(h.magic, format::kFileMagic, sizeof h.magic);
    h.version_major = spec.version_major;
    h.version_minor = spec.version_minor;
    h.pid = spec.pid;
    h.ppid = spec.ppid;
    h.rank = spec.rank;
    h.page_size = spec.page_size;
    h.mode = static_cast<std::uint32_t>(spec.mode);
    h.pointer_size = 8;
    h.start_monotonic_ns = spec.start_monotonic_ns;
    h.start_realtime_ns = spec.start_realtime_ns;
    std::vector<std::uint8_t> out;
    put_raw(out, h);
    std::string command_line;
    for (const auto& arg : spec.command_line) {
        command_line += arg;
        command_line.push_back('\0');
    }
    put_u32_string(out, spec.hostname);
    put_u32_string(out, spec.executable);
    put_u32_string(out, command_line);
    const auto size = static_cast<std::uint32_t>(out.size());
    std::memcpy(out.data() + offsetof(format::FileHeaderFixed, header_size), &size, sizeof size);
    reseal_file_header(out);
    return out;
}

void reseal_file_header(std::vector<std::uint8_t>& file) {
    std::uint32_t size = 0;
    std::memcpy(&size, file.data() + offsetof(format::FileHeaderFixed, header_size), sizeof size);
    const std::uint32_t crc = format::crc32(file.data() + format::kFileHeaderCrcStart,
                                            size - format::kFileHeaderCrcStart);
    std::memcpy(file.data() + format::kFileHeaderCrcOffset, &crc, sizeof crc);
}

void reseal_chunk_header(std::vector<std::uint8_t>& file, std::uint64_t offset) {
    format::ChunkHeader h{};
    std::memcpy(&h, file.data() + offset, sizeof h);
    format::seal_chunk_header(h);
    std::memcpy(file.data() + offset, &h, sizeof h);
}

std::vector<std::uint8_t> zstd_frame(const std::vector<std::uint8_t>& raw) {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
    std::vector<std::uint8_t> out(ZSTD_compressBound(raw.size()));
    const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), raw.data(), raw.size());
    ZSTD_freeCCtx(cctx);
    if (ZSTD_isError(n)) throw std::runtime_error("zstd compression failed");
    out.resize(n);
    return out;
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

TraceBuilder::TraceBuilder(TraceHeaderSpec spec)
    : spec_(std::move(spec)), file_(encode_file_header(spec_)) {}

TraceBuilder::OpenChunk& TraceBuilder::chunk_for(std::uint32_t tid, std::uint64_t ts) {
    auto [it, fresh] = open_.try_emplace(tid);
    OpenChunk& c = it->second;
    if (fresh) {
        // A base below the first timestamp exercises the first record's delta.
        c.base_ts = ts - std::min<std::uint64_t>(ts, 7);
        c.last_ts = c.base_ts;
        c.t_begin = ts;
        c.base_addr = kChunkBaseAddress;
        c.address.previous = kChunkBaseAddress;
    }
    if (ts < c.last_ts) throw std::logic_error("TraceBuilder: records of a thread go back in time");
    return c;
}

TraceBuilder& TraceBuilder::append_payload(std::uint32_t tid, std::uint64_t ts, std::uint8_t type,
                                           const std::vector<std::uint8_t>& payload) {
    OpenChunk& c = chunk_for(tid, ts);
    std::vector<std::uint8_t> body;
    put_varint(body, ts - c.last_ts);
    body.insert(body.end(), payload.begin(), payload.end());
    c.records.push_back(type);
    put_varint(c.records, body.size());
    c.records.insert(c.records.end(), body.begin(), body.end());
    c.last_ts = ts;
    ++c.events;
    if (type == type_byte(RecordType::kAlloc) || type == type_byte(RecordType::kRealloc))
        ++c.allocs;
    if (type == type_byte(RecordType::kFree)) ++c.frees;
    if (records_per_chunk_ != 0 && c.events >= records_per_chunk_) flush(tid);
    return *this;
}

TraceBuilder& TraceBuilder::alloc(std::uint32_t tid, std::uint64_t ts, std::uint64_t address,
                                  std::uint64_t size, std::uint32_t stack, format::AllocFunc func,
                                  std::uint64_t duration) {
    OpenChunk& c = chunk_for(tid, ts);
    std::vector<std::uint8_t> p;
    put_varint(p, static_cast<std::uint8_t>(func));
    put_svarint(p, c.address.encode(address));
    put_varint(p, size);
    put_varint(p, stack);
    put_varint(p, duration);
    return append_payload(tid, ts, type_byte(RecordType::kAlloc), p);
}

TraceBuilder& TraceBuilder::free(std::uint32_t tid, std::uint64_t ts, std::uint64_t address,
                                 std::uint64_t duration) {
    OpenChunk& c = chunk_for(tid, ts);
    std::vector<std::uint8_t> p;
    put_svarint(p, c.address.encode(address));
    put_varint(p, duration);
    return append_payload(tid, ts, type_byte(RecordType::kFree), p);
}

TraceBuilder& TraceBuilder::realloc(std::uint32_t tid, std::uint64_t ts, std::uint64_t old_address,
                                    std::uint64_t new_address, std::uint64_t size,
                                    std::uint32_t stack, std::uint64_t duration,
                                    format::AllocFunc func) {
    OpenChunk& c = chunk_for(tid, ts);
    std::vector<std::uint8_t> p;
    put_varint(p, static_cast<std::uint8_t>(func));
    put_svarint(p, c.address.encode(old_address));
    put_svarint(p, c.address.encode(new_address));
    put_varint(p, size);
    put_varint(p, stack);
    put_varint(p, duration);
    return append_payload(tid, ts, type_byte(RecordType::kRealloc), p);
}

TraceBuilder& TraceBuilder::mmap(std::uint32_t tid, std::uint64_t ts, std::uint64_t address,
                                 std::uint64_t length, std::uint32_t stack) {
    std::vector<std::uint8_t> p;
    put_varint(p, address);
    put_varint(p, length);
    put_varint(p, 3);     // PROT_READ | PROT_WRITE
    put_varint(p, 0x22);  // MAP_PRIVATE | MAP_ANONYMOUS
    put_varint(p, stack);
    put_varint(p, 0);
    return append_payload(tid, ts, type_byte(RecordType::kMmap), p);
}

TraceBuilder& TraceBuilder::munmap(std::uint32_t tid, std::uint64_t ts, std::uint64_t address,
                                   std::uint64_t length) {
    std::vector<std::uint8_t> p;
    put_varint(p, address);
    put_varint(p, length);
    put_varint(p, 0);
    return append_payload(tid, ts, type_byte(RecordType::kMunmap), p);
}

TraceBuilder& TraceBuilder::mremap(std::uint32_t tid, std::uint64_t ts, std::uint64_t old_address,
                                   std::uint64_t old_length, std::uint64_t new_address,
                                   std::uint64_t new_length, std::uint32_t stack) {
    std::vector<std::uint8_t> p;
    put_varint(p, old_address);
    put_varint(p, old_length);
    put_varint(p, new_address);
    put_varint(p, new_length);
    put_varint(p, stack);
    put_varint(p, 0);
    return append_payload(tid, ts, type_byte(RecordType::kMremap), p);
}

TraceBuilder& TraceBuilder::module_load(std::uint32_t tid, std::uint64_t ts,
                                        std::uint64_t load_bias,
                                        const std::vector<SegmentSpec>& segments,
                                        const std::string& build_id_bytes,
                                        const std::string& path) {
    std::vector<std::uint8_t> p;
    put_varint(p, load_bias);
    put_varint(p, segments.size());
    for (const auto& s : segments) {
        put_varint(p, s.vaddr);
        put_varint(p, s.memsz);
    }
    put_string(p, build_id_bytes);
    put_string(p, path);
    return append_payload(tid, ts, type_byte(RecordType::kModuleLoad), p);
}

TraceBuilder& TraceBuilder::module_unload(std::uint32_t tid, std::uint64_t ts,
                                          std::uint64_t load_bias) {
    std::vector<std::uint8_t> p;
    put_varint(p, load_bias);
    return append_payload(tid, ts, type_byte(RecordType::kModuleUnload), p);
}

TraceBuilder& TraceBuilder::stack_node(std::uint32_t tid, std::uint64_t ts, std::uint32_t id,
                                       std::uint32_t parent, std::uint64_t ip) {
    std::vector<std::uint8_t> p;
    put_varint(p, id);
    put_varint(p, parent);
    put_varint(p, ip);
    return append_payload(tid, ts, type_byte(RecordType::kStackNode), p);
}

TraceBuilder& TraceBuilder::thread_start(std::uint32_t tid, std::uint64_t ts) {
    return append_payload(tid, ts, type_byte(RecordType::kThreadStart), {});
}

TraceBuilder& TraceBuilder::thread_name(std::uint32_t tid, std::uint64_t ts,
                                        const std::string& name) {
    std::vector<std::uint8_t> p;
    put_string(p, name);
    return append_payload(tid, ts, type_byte(RecordType::kThreadName), p);
}

TraceBuilder& TraceBuilder::thread_exit(std::uint32_t tid, std::uint64_t ts) {
    return append_payload(tid, ts, type_byte(RecordType::kThreadExit), {});
}

TraceBuilder& TraceBuilder::rss(std::uint32_t tid, std::uint64_t ts, std::uint64_t bytes) {
    std::vector<std::uint8_t> p;
    put_varint(p, bytes);
    return append_payload(tid, ts, type_byte(RecordType::kRssSample), p);
}

TraceBuilder& TraceBuilder::mark(std::uint32_t tid, std::uint64_t ts, const std::string& label) {
    std::vector<std::uint8_t> p;
    put_string(p, label);
    return append_payload(tid, ts, type_byte(RecordType::kMark), p);
}

TraceBuilder& TraceBuilder::fork(std::uint32_t tid, std::uint64_t ts, std::uint64_t child_pid) {
    std::vector<std::uint8_t> p;
    put_varint(p, child_pid);
    return append_payload(tid, ts, type_byte(RecordType::kFork), p);
}

TraceBuilder& TraceBuilder::process_exit(std::uint32_t tid, std::uint64_t ts, format::ExitHow how,
                                         std::uint64_t value, std::uint64_t max_rss) {
    std::vector<std::uint8_t> p;
    put_varint(p, static_cast<std::uint8_t>(how));
    put_varint(p, value);
    put_varint(p, max_rss);
    return append_payload(tid, ts, type_byte(RecordType::kProcessExit), p);
}

TraceBuilder& TraceBuilder::lost_events(std::uint32_t tid, std::uint64_t ts, std::uint64_t count) {
    std::vector<std::uint8_t> p;
    put_varint(p, count);
    return append_payload(tid, ts, type_byte(RecordType::kLostEvents), p);
}

TraceBuilder& TraceBuilder::raw_record(std::uint32_t tid, std::uint64_t ts, std::uint8_t type,
                                       const std::vector<std::uint8_t>& payload) {
    return append_payload(tid, ts, type, payload);
}

TraceBuilder& TraceBuilder::records_per_chunk(std::size_t n) {
    records_per_chunk_ = n;
    return *this;
}

TraceBuilder& TraceBuilder::column_chunks(format::ColumnTiming timing) {
    columns_ = true;
    timing_ = timing;
    return *this;
}

TraceBuilder& TraceBuilder::flush(std::uint32_t tid) {
    const auto it = open_.find(tid);
    if (it == open_.end()) return *this;
    const OpenChunk& c = it->second;
    EncodedColumns columns;
    format::ColumnSettings settings;
    settings.timing = timing_;
    if (columns_ &&
        encode_rows_as_columns(c.records, c.base_ts, c.base_addr, c.allocs, settings, columns)) {
        std::vector<std::uint8_t> chunk =
            column_chunk(columns.streams, tid, timing_, columns.facts.base_ts,
                         columns.facts.t_begin, columns.facts.t_end, c.allocs);
        format::ChunkHeader h{};
        std::memcpy(&h, chunk.data(), sizeof h);
        h.event_count = c.events;
        h.free_count = c.frees;
        format::seal_chunk_header(h);
        std::memcpy(chunk.data(), &h, sizeof h);
        chunk_offsets_.push_back(file_.size());
        file_.insert(file_.end(), chunk.begin(), chunk.end());
        open_.erase(it);
        return *this;
    }
    const std::vector<std::uint8_t> payload = zstd_frame(c.records);
    format::ChunkHeader h{};
    h.compressed_size = static_cast<std::uint32_t>(payload.size());
    h.raw_size = static_cast<std::uint32_t>(c.records.size());
    h.tid = tid;
    h.flags = format::kChunkEvents;
    h.event_count = c.events;
    h.alloc_count = c.allocs;
    h.free_count = c.frees;
    h.base_ts = c.base_ts;
    h.base_addr = c.base_addr;
    h.t_begin = c.t_begin;
    h.t_end = c.last_ts;
    format::seal_chunk_header(h);
    chunk_offsets_.push_back(file_.size());
    put_raw(file_, h);
    file_.insert(file_.end(), payload.begin(), payload.end());
    open_.erase(it);
    return *this;
}

std::vector<std::uint8_t> TraceBuilder::pending_records(std::uint32_t tid) const {
    const auto it = open_.find(tid);
    return it == open_.end() ? std::vector<std::uint8_t>{} : it->second.records;
}

std::vector<std::uint8_t> TraceBuilder::finish(bool clean_end) {
    if (!finished_) {
        while (!open_.empty()) flush(open_.begin()->first);
        if (clean_end) {
            format::ChunkHeader h{};
            h.flags = format::kChunkEnd;
            format::seal_chunk_header(h);
            chunk_offsets_.push_back(file_.size());
            put_raw(file_, h);
        }
        finished_ = true;
    }
    return file_;
}

void TraceBuilder::write(const std::string& path, bool clean_end) {
    write_bytes(path, finish(clean_end));
}

}  // namespace memscope::testing
