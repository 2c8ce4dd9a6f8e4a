// Byte layout of the trace file's header and chunk headers (little-endian).
//
//   file   := FileHeader | Chunk*
//   Chunk  := ChunkHeader (72 bytes) | payload (compressed_size bytes)
//
// An events chunk's payload is one zstd frame (with content checksum) whose
// content is a record stream (record_types.h). The final chunk of a cleanly
// closed trace has kChunkEnd set and no payload.
#pragma once

#include <cstdint>
#include <cstring>

#include "crc32.h"

namespace memscope::format {

inline constexpr char kFileMagic[8] = {'M', 'E', 'M', 'S', 'C', 'O', 'P', 'E'};
inline constexpr std::uint16_t kVersionMajor = 2;
// Version 1 files (row chunks only, no time resolution field) still read.
inline constexpr std::uint16_t kOldestReadableVersionMajor = 1;
inline constexpr std::uint16_t kVersionMinor = 1;         // 1: aggregate-mode records (31, 32)
inline constexpr std::uint32_t kChunkMagic = 0x4b43534d;  // "MSCK"

enum class RecordMode : std::uint32_t { kFull = 0, kSampled = 1, kAggregate = 2 };

// Fixed part of the file header: 80 bytes. The variable part follows:
// three strings (u32 length + bytes): hostname, executable path, command line
// (arguments separated by NUL). header_size covers both parts; header_crc is
// the CRC-32 of every header byte after the header_crc field.
struct FileHeaderFixed {
    char magic[8];
    std::uint16_t version_major;
    std::uint16_t version_minor;
    std::uint32_t header_size;
    std::uint32_t header_crc;
    std::uint32_t pid;
    std::uint32_t ppid;
    std::int32_t rank;  // MPI rank, -1 when not an MPI job
    std::uint32_t page_size;
    std::uint32_t mode;  // RecordMode
    std::uint32_t flags;
    std::uint32_t pointer_size;
    std::uint64_t sample_rate_bytes;   // 0 in full mode
    std::uint64_t start_monotonic_ns;  // CLOCK_MONOTONIC at recorder start
    std::uint64_t start_realtime_ns;   // CLOCK_REALTIME read at the same moment
    std::uint64_t time_resolution_ns;  // 1 = exact; 0 in version 1 files (= exact)
};
static_assert(sizeof(FileHeaderFixed) == 80);
inline constexpr std::uint32_t kFileHeaderCrcOffset = 16;  // where header_crc sits
inline constexpr std::uint32_t kFileHeaderCrcStart = 20;   // CRC covers [20, header_size)

// Hard limits a reader enforces so corrupt sizes cannot make it allocate wildly.
inline constexpr std::uint32_t kMaxHeaderSize = 1u << 20;
inline constexpr std::uint32_t kMaxChunkRawSize = 64u << 20;
inline constexpr std::uint32_t kMaxChunkCompressedSize = 64u << 20;

enum ChunkFlags : std::uint32_t {
    kChunkEvents = 0,         // payload is a zstd frame of row records
    kChunkEnd = 1u << 0,      // trace closed cleanly; no payload
    kChunkColumns = 1u << 1,  // payload is column-coded (column_layout.h); raw_size is
                              // the sum of its streams' sizes, base_addr is 0
};

struct ChunkHeader {
    std::uint32_t magic;            // kChunkMagic
    std::uint32_t header_crc;       // CRC-32 of bytes [8, 64) of this header
    std::uint32_t compressed_size;  // payload bytes that follow
    std::uint32_t raw_size;         // decompressed size of the record stream
    std::uint32_t tid;              // thread whose records these are
    std::uint32_t flags;            // ChunkFlags
    std::uint32_t event_count;      // records in the chunk
    std::uint32_t alloc_count;      // alloc + realloc records
    std::uint32_t free_count;       // free records
    std::uint32_t reserved;
    std::uint64_t base_ts;    // timestamp the first record's delta is from
    std::uint64_t base_addr;  // AddressDelta state at the chunk start
    std::uint64_t t_begin;    // first record's timestamp
    std::uint64_t t_end;      // last record's timestamp
};
static_assert(sizeof(ChunkHeader) == 72);
inline constexpr std::uint32_t kChunkHeaderSize = sizeof(ChunkHeader);
inline constexpr std::uint32_t kChunkCrcStart = 8;

inline void seal_chunk_header(ChunkHeader& h) {
    h.magic = kChunkMagic;
    h.header_crc = crc32(reinterpret_cast<const std::uint8_t*>(&h) + kChunkCrcStart,
                         kChunkHeaderSize - kChunkCrcStart);
}

inline bool chunk_header_valid(const ChunkHeader& h) {
    return h.magic == kChunkMagic &&
           h.header_crc == crc32(reinterpret_cast<const std::uint8_t*>(&h) + kChunkCrcStart,
                                 kChunkHeaderSize - kChunkCrcStart);
}

}  // namespace memscope::format
