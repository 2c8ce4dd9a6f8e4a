#include "cli/phase_window_chunk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "format/file_layout.h"
#include "format/record_types.h"
#include "format/varint.h"
#include "trace/trace_reader.h"

namespace memscope::cli {

namespace {

struct WindowEdge {
    std::uint64_t time_ns = 0;
    bool begin = false;
    std::uint64_t length_ns = 0;  // of its window: orders nested edges at equal times
    const std::string* name = nullptr;
};

// At equal times ends come before begins, an inner window's end before its
// outer's, an outer window's begin before its inner's: the per-thread nesting
// rule (an end closes the innermost open phase) then pairs them right.
bool edge_before(const WindowEdge& a, const WindowEdge& b) {
    if (a.time_ns != b.time_ns) return a.time_ns < b.time_ns;
    if (a.begin != b.begin) return !a.begin;
    return a.begin ? a.length_ns > b.length_ns : a.length_ns < b.length_ns;
}

void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
    std::uint8_t buffer[format::kMaxVarintBytes];
    const std::size_t n = format::encode_varint(buffer, v);
    out.insert(out.end(), buffer, buffer + n);
}

std::vector<std::uint8_t> encode_records(const std::vector<WindowEdge>& edges) {
    std::vector<std::uint8_t> records;
    std::uint64_t previous = edges.front().time_ns;
    for (const WindowEdge& e : edges) {
        std::vector<std::uint8_t> payload;
        put_varint(payload, e.time_ns - previous);
        previous = e.time_ns;
        if (e.begin) {
            put_varint(payload, e.name->size());
            payload.insert(payload.end(), e.name->begin(), e.name->end());
        }
        records.push_back(static_cast<std::uint8_t>(e.begin ? format::RecordType::kPhaseBegin
                                                            : format::RecordType::kPhaseEnd));
        put_varint(records, payload.size());
        records.insert(records.end(), payload.begin(), payload.end());
    }
    return records;
}

bool write_all(int fd, const void* data, std::size_t size, off_t offset) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = pwrite(fd, p, size, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
        offset += n;
    }
    return true;
}

void warn(const std::string& path, const std::string& why) {
    fmt::print(stderr, "memscope: warning: phase windows not stored in {}: {}\n", path, why);
}

}  // namespace

std::size_t store_phase_windows(const std::string& trace_path,
                                const std::vector<PhaseWindow>& windows,
                                std::uint64_t root_start_monotonic_ns,
                                std::uint64_t root_start_realtime_ns) {
    std::uint64_t first_ns = 0, last_ns = 0, end_chunk_offset = 0;
    {
        const trace::TraceReader reader(trace_path);
        if (reader.truncated()) {
            warn(trace_path, "the trace was not closed cleanly");
            return 0;
        }
        first_ns = reader.header().start_monotonic_ns;
        // The index lists every chunk but the end chunk, which follows the last.
        end_chunk_offset = reader.chunks().empty() ? 0 : reader.chunks().back().file_offset;
        for (const auto& c : reader.chunks()) {
            last_ns = std::max(last_ns, c.header.t_end);
            end_chunk_offset = std::max(end_chunk_offset, c.file_offset + format::kChunkHeaderSize +
                                                              c.header.compressed_size);
        }
        if (reader.chunks().empty()) return 0;  // nothing recorded, nothing to cut
    }

    const std::vector<ResolvedWindow> resolved =
        resolve_phase_windows(windows, root_start_monotonic_ns, root_start_realtime_ns);
    std::vector<WindowEdge> edges;
    for (const ResolvedWindow& w : resolved) {
        const std::uint64_t begin = std::max(w.begin_monotonic_ns, first_ns);
        const std::uint64_t end = std::min(w.end_monotonic_ns, last_ns);
        if (begin > end) continue;  // outside what this process recorded
        edges.push_back({begin, true, end - begin, &w.name});
        edges.push_back({end, false, end - begin, &w.name});
    }
    if (edges.empty()) return 0;
    std::stable_sort(edges.begin(), edges.end(), edge_before);

    const std::vector<std::uint8_t> records = encode_records(edges);
    std::vector<std::uint8_t> payload(ZSTD_compressBound(records.size()));
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    if (cctx == nullptr) {
        warn(trace_path, "out of memory");
        return 0;
    }
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    const std::size_t packed =
        ZSTD_compress2(cctx, payload.data(), payload.size(), records.data(), records.size());
    ZSTD_freeCCtx(cctx);
    if (ZSTD_isError(packed)) {
        warn(trace_path, ZSTD_getErrorName(packed));
        return 0;
    }

    format::ChunkHeader chunk{};
    chunk.compressed_size = static_cast<std::uint32_t>(packed);
    chunk.raw_size = static_cast<std::uint32_t>(records.size());
    chunk.tid = 0;
    chunk.flags = format::kChunkEvents;
    chunk.event_count = static_cast<std::uint32_t>(edges.size());
    chunk.base_ts = edges.front().time_ns;
    chunk.t_begin = edges.front().time_ns;
    chunk.t_end = edges.back().time_ns;
    format::seal_chunk_header(chunk);
    const int fd = open(trace_path.c_str(), O_RDWR | O_CLOEXEC);
    const auto at = static_cast<off_t>(end_chunk_offset);
    // The end chunk moves behind the new one unchanged.
    format::ChunkHeader end{};
    if (fd >= 0 && (pread(fd, &end, sizeof end, at) != static_cast<ssize_t>(sizeof end) ||
                    !format::chunk_header_valid(end) || (end.flags & format::kChunkEnd) == 0)) {
        close(fd);
        warn(trace_path, "its end chunk is not where the index says");
        return 0;
    }
    // The end chunk is overwritten last: a failure half-way leaves a trace
    // that reads as truncated, never one that misreads.
    const bool ok =
        fd >= 0 &&
        write_all(fd, &end, sizeof end, at + static_cast<off_t>(sizeof chunk + packed)) &&
        write_all(fd, payload.data(), packed, at + static_cast<off_t>(sizeof chunk)) &&
        write_all(fd, &chunk, sizeof chunk, at);
    const int error = errno;
    if (fd >= 0) close(fd);
    if (!ok) {
        warn(trace_path, std::strerror(error));
        return 0;
    }
    return edges.size() / 2;
}

}  // namespace memscope::cli
