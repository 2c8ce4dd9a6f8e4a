#include "stress_trace_decoder.h"

#include <zstd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include "format/record_types.h"
#include "format/varint.h"
#include "trace/column_chunk_decoder.h"
#include "trace/decoded_chunk.h"

namespace memscope::stress {

namespace {

using format::ByteCursor;
using format::RecordType;

bool read_string(ByteCursor& in, std::string& out) {
    const std::uint64_t n = in.varint();
    if (in.failed() || n > in.remaining()) return false;
    const auto* p = in.bytes(static_cast<std::size_t>(n));
    out.assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    return true;
}

// Parses the fields of one record after its ts_delta; false if they do not
// match the layout of record_types.h exactly.
bool parse_fields(RecordType type, ByteCursor& in, format::AddressDelta& address,
                  DecodedRecord& r) {
    auto plain = [&](int n) {
        for (int i = 0; i < n; ++i) r.fields.push_back(in.varint());
    };
    auto heap = [&] { r.fields.push_back(address.decode(in.svarint())); };
    switch (type) {
        case RecordType::kAlloc:
            plain(1);
            heap();
            plain(3);
            break;
        case RecordType::kFree:
            heap();
            plain(1);
            break;
        case RecordType::kRealloc:
            plain(1);
            heap();
            heap();
            plain(3);
            if (!in.at_end()) plain(1);  // alloc_delay_ns (compact timing)
            break;
        case RecordType::kMmap:
            plain(6);
            break;
        case RecordType::kMunmap:
            plain(3);
            break;
        case RecordType::kMremap:
            plain(6);
            break;
        case RecordType::kModuleLoad: {
            plain(1);
            const std::uint64_t segments = in.varint();
            r.fields.push_back(segments);
            if (segments > 1024) return false;
            plain(static_cast<int>(2 * segments));
            std::string build_id;
            if (!read_string(in, build_id) || !read_string(in, r.text)) return false;
            break;
        }
        case RecordType::kModuleUnload:
            plain(1);
            break;
        case RecordType::kStackNode:
            plain(3);
            break;
        case RecordType::kThreadStart:
        case RecordType::kThreadExit:
            break;
        case RecordType::kThreadName:
        case RecordType::kExec:
            if (!read_string(in, r.text)) return false;
            break;
        case RecordType::kCallDurations:
            plain(4);
            break;
        case RecordType::kRssSample:
        case RecordType::kFork:
        case RecordType::kLostEvents:
            plain(1);
            break;
        case RecordType::kProcessExit:
            plain(3);
            break;
        case RecordType::kPressureSample:
            plain(2);
            break;
        case RecordType::kCallInside:
            plain(7);
            break;
        default:
            return false;  // the recorder writes no other type
    }
    return !in.failed() && in.at_end();
}

bool decode_records(const std::vector<std::uint8_t>& raw, DecodedChunk& chunk, std::string& error) {
    ByteCursor in(raw.data(), raw.data() + raw.size());
    std::uint64_t ts = chunk.header.base_ts;
    format::AddressDelta address;
    address.previous = chunk.header.base_addr;
    while (!in.at_end()) {
        DecodedRecord r;
        r.type = in.byte();
        const std::uint64_t len = in.varint();
        if (in.failed() || len > in.remaining()) {
            error = "record header runs past the chunk";
            return false;
        }
        const auto* p = in.bytes(static_cast<std::size_t>(len));
        ByteCursor payload(p, p + len);
        ts += payload.varint();
        r.ts = ts;
        if (!parse_fields(static_cast<RecordType>(r.type), payload, address, r)) {
            error = "record of type " + std::to_string(r.type) + " does not match its layout";
            return false;
        }
        chunk.records.push_back(std::move(r));
    }
    return true;
}

bool check_header_fields(const DecodedChunk& c, std::string& error) {
    std::uint32_t allocs = 0, frees = 0, histogram = 0;
    for (const auto& r : c.records) {
        // A column chunk's duration histogram decodes to records the thread
        // never wrote; event_count counts the thread's records.
        if (r.type == static_cast<std::uint8_t>(RecordType::kCallDurations)) ++histogram;
        if (r.type == static_cast<std::uint8_t>(RecordType::kAlloc) ||
            r.type == static_cast<std::uint8_t>(RecordType::kRealloc))
            ++allocs;
        if (r.type == static_cast<std::uint8_t>(RecordType::kFree)) ++frees;
    }
    const auto& h = c.header;
    if (h.event_count != c.records.size() - histogram)
        error = "event_count differs from the records";
    else if (h.alloc_count != allocs)
        error = "alloc_count differs from the records";
    else if (h.free_count != frees)
        error = "free_count differs from the records";
    else if (!c.records.empty() && h.t_begin != c.records.front().ts)
        error = "t_begin is wrong";
    else if (!c.records.empty() && h.t_end != c.records.back().ts)
        error = "t_end is wrong";
    return error.empty();
}

}  // namespace

bool decode_trace_file(const std::string& path, DecodedTrace& out, std::string& error) {
    std::ifstream file(path, std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                          std::istreambuf_iterator<char>());
    if (bytes.size() < sizeof(format::FileHeaderFixed)) {
        error = "file shorter than the header";
        return false;
    }
    std::memcpy(&out.fixed, bytes.data(), sizeof(out.fixed));
    const auto& f = out.fixed;
    if (std::memcmp(f.magic, format::kFileMagic, sizeof(f.magic)) != 0 ||
        f.header_size > bytes.size() || f.header_size < sizeof(f) + 12 ||
        f.header_crc != format::crc32(bytes.data() + format::kFileHeaderCrcStart,
                                      f.header_size - format::kFileHeaderCrcStart)) {
        error = "bad file header (magic, size or CRC)";
        return false;
    }
    std::size_t at = sizeof(f);
    for (std::string* s : {&out.hostname, &out.executable, &out.command_line}) {
        std::uint32_t n = 0;
        if (at + 4 > f.header_size) {
            error = "header strings run past the header";
            return false;
        }
        std::memcpy(&n, bytes.data() + at, 4);
        at += 4;
        if (at + n > f.header_size) {
            error = "header strings run past the header";
            return false;
        }
        s->assign(reinterpret_cast<const char*>(bytes.data() + at), n);
        at += n;
    }
    if (at != f.header_size) {
        error = "header_size does not match its strings";
        return false;
    }
    trace::ColumnChunkDecoder columns;
    const std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(),
                                                                       ZSTD_freeDCtx);
    while (at < bytes.size()) {
        if (out.ended) {
            error = "data after the end chunk";
            return false;
        }
        DecodedChunk chunk;
        if (at + sizeof(chunk.header) > bytes.size()) {
            error = "truncated chunk header at offset " + std::to_string(at);
            return false;
        }
        std::memcpy(&chunk.header, bytes.data() + at, sizeof(chunk.header));
        at += sizeof(chunk.header);
        const auto& h = chunk.header;
        if (!format::chunk_header_valid(h)) {
            error = "chunk header CRC or magic wrong at offset " + std::to_string(at);
            return false;
        }
        if ((h.flags & format::kChunkEnd) != 0) {
            if (h.compressed_size != 0 || h.raw_size != 0) {
                error = "end chunk with a payload";
                return false;
            }
            out.ended = true;
            continue;
        }
        if (at + h.compressed_size > bytes.size()) {
            error = "truncated chunk payload";
            return false;
        }
        std::vector<std::uint8_t> raw(h.raw_size);
        if ((h.flags & format::kChunkColumns) != 0) {
            // Column chunks go back to rows through the reader's decoder; the
            // rows are then checked as independently as row chunks are.
            trace::RawChunk rows;
            std::string why;
            if (!columns.decode(bytes.data() + at, h.compressed_size, h, dctx.get(), rows, why)) {
                error = "column chunk does not decode: " + why;
                return false;
            }
            raw.assign(rows.begin(), rows.end());
            at += h.compressed_size;
        } else {
            const std::size_t got =
                ZSTD_decompress(raw.data(), raw.size(), bytes.data() + at, h.compressed_size);
            at += h.compressed_size;
            if (ZSTD_isError(got) || got != h.raw_size) {
                error = "chunk payload does not decompress to raw_size bytes";
                return false;
            }
        }
        if (!decode_records(raw, chunk, error) || !check_header_fields(chunk, error)) {
            error = "chunk " + std::to_string(out.chunks.size()) + ": " + error;
            return false;
        }
        out.chunks.push_back(std::move(chunk));
    }
    return true;
}

}  // namespace memscope::stress
