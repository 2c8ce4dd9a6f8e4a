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

bool TraceOutput::init() {
    const std::size_t workspace = ZSTD_estimateCCtxSize(kCompressionLevel);
    void* memory = recorder_map(workspace);
    if (memory == nullptr) return false;
    cctx_ = ZSTD_initStaticCCtx(memory, workspace);
    if (cctx_ == nullptr) return false;
    if (ZSTD_isError(ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, kCompressionLevel)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1)))
        return false;
    compressed_capacity_ = ZSTD_compressBound(kEventBufferBytes);
    compressed_ = static_cast<std::uint8_t*>(recorder_map(compressed_capacity_));
    return compressed_ != nullptr;
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
    const std::size_t packed =
        ZSTD_compress2(cctx_, compressed_, compressed_capacity_, data, length);
    if (ZSTD_isError(packed)) return fail(EIO);
    format::ChunkHeader h;
    std::memset(&h, 0, sizeof(h));
    h.compressed_size = static_cast<std::uint32_t>(packed);
    h.raw_size = length;
    h.tid = tid;
    h.flags = format::kChunkEvents;
    h.event_count = summary.records;
    h.alloc_count = summary.allocs;
    h.free_count = summary.frees;
    h.base_ts = start.ts;
    h.base_addr = start.address;
    h.t_begin = summary.t_begin;
    h.t_end = summary.t_end;
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
