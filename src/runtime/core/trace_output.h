// The open trace file and the one zstd context that compresses chunks into it.
// The context is static (ZSTD_initStaticCCtx on mapped memory), so writing a
// chunk never allocates -- a fatal-signal handler can do it. Only the current
// file owner (see file_owner.h) may call the writing functions.
#pragma once

#include <cstddef>
#include <cstdint>

#include "format/column_encoder.h"
#include "format/file_layout.h"
#include "runtime/core/owned_descriptor.h"
#include "runtime/core/record_range_summary.h"

struct ZSTD_CCtx_s;

namespace memscope::runtime {

class TraceOutput {
  public:
    // Row chunks (the fallback) favour speed; of a column chunk's streams, the
    // regular ones (kinds, times) get level 3, the near-random ones level 1.
    static constexpr int kRowCompressionLevel = 1;
    static constexpr int kColumnCompressionLevel = 3;

    // Maps the compression workspace, the column encoder's memory and the
    // output buffer.
    bool init(const format::ColumnSettings& columns);
    // path (kept by the caller) lets a closed descriptor be reopened.
    void attach(int fd, std::uint64_t offset, const char* path) {
        file_.adopt(fd);
        path_ = path;
        offset_ = offset;
        failed_ = false;
    }
    int fd() const { return file_.fd(); }
    std::uint64_t offset() const { return offset_; }
    bool failed() const { return failed_; }
    int error() const { return error_; }

    bool write_bytes(const void* data, std::uint32_t length);
    // One events chunk for the records [data, data + length) of thread tid.
    bool write_events(std::uint32_t tid, const std::uint8_t* data, std::uint32_t length,
                      const RecordRangeSummary& summary, DeltaChains start);
    // The end-of-trace chunk of a cleanly closed trace.
    bool write_end(std::uint64_t ts);
    // Cuts the file back (a failed exec takes back its end chunk).
    bool truncate_to(std::uint64_t offset);
    void close_file();

  private:
    bool init_columns();
    // Column-codes the rows into compressed_; false when they must go as rows.
    bool encode_columns(const std::uint8_t* data, std::uint32_t length,
                        const RecordRangeSummary& summary, DeltaChains start,
                        format::ChunkHeader& header, std::size_t& packed);
    std::size_t compress(const void* data, std::size_t length, std::uint8_t* out,
                         std::size_t capacity, int level);
    bool fail(int error);
    // False once the descriptor no longer refers to the trace file: the program
    // closed it, and maybe reused the number for a file of its own.
    bool usable();

    ZSTD_CCtx_s* cctx_ = nullptr;
    format::ColumnSettings column_settings_{};
    format::ColumnEncoderMemory column_memory_{};
    format::ColumnEncoder encoder_{};
    bool columns_ready_ = false;
    std::uint8_t* compressed_ = nullptr;
    std::uint64_t compressed_capacity_ = 0;
    OwnedDescriptor file_;
    const char* path_ = nullptr;
    std::uint64_t offset_ = 0;
    bool failed_ = false;
    int error_ = 0;
};

}  // namespace memscope::runtime
