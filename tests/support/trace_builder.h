// Writes synthetic trace files in the exact on-disk format, for tests and the
// fuzzer's seed corpus. Records are grouped per thread into chunks the way the
// recorder does; a test controls where chunks end and can damage the result.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "format/column_layout.h"
#include "format/file_layout.h"
#include "format/record_types.h"

namespace memscope::testing {

struct TraceHeaderSpec {
    std::uint16_t version_major = format::kVersionMajor;
    std::uint16_t version_minor = format::kVersionMinor;
    std::uint32_t pid = 4242;
    std::uint32_t ppid = 1;
    std::int32_t rank = -1;
    std::uint32_t page_size = 4096;
    format::RecordMode mode = format::RecordMode::kFull;
    std::uint64_t start_monotonic_ns = 1'000'000'000;
    std::uint64_t start_realtime_ns = 1'700'000'000'000'000'000;
    std::string hostname = "testhost";
    std::string executable = "/usr/bin/testapp";
    std::vector<std::string> command_line = {"testapp", "--flag"};
};

struct SegmentSpec {
    std::uint64_t vaddr = 0;
    std::uint64_t memsz = 0;
};

class TraceBuilder {
  public:
    explicit TraceBuilder(TraceHeaderSpec spec = {});

    // Every appender takes the record's absolute timestamp; one thread's records
    // must come in time order. Returns *this so calls chain.
    TraceBuilder& alloc(std::uint32_t tid, std::uint64_t ts, std::uint64_t address,
                        std::uint64_t size, std::uint32_t stack = 0,
                        format::AllocFunc func = format::AllocFunc::kMalloc,
                        std::uint64_t duration = 0);
    TraceBuilder& free(std::uint32_t tid, std::uint64_t ts, std::uint64_t address,
                       std::uint64_t duration = 0);
    TraceBuilder& realloc(std::uint32_t tid, std::uint64_t ts, std::uint64_t old_address,
                          std::uint64_t new_address, std::uint64_t size, std::uint32_t stack = 0,
                          std::uint64_t duration = 0,
                          format::AllocFunc func = format::AllocFunc::kRealloc);
    TraceBuilder& mmap(std::uint32_t tid, std::uint64_t ts, std::uint64_t address,
                       std::uint64_t length, std::uint32_t stack = 0);
    TraceBuilder& munmap(std::uint32_t tid, std::uint64_t ts, std::uint64_t address,
                         std::uint64_t length);
    TraceBuilder& mremap(std::uint32_t tid, std::uint64_t ts, std::uint64_t old_address,
                         std::uint64_t old_length, std::uint64_t new_address,
                         std::uint64_t new_length, std::uint32_t stack = 0);
    TraceBuilder& module_load(std::uint32_t tid, std::uint64_t ts, std::uint64_t load_bias,
                              const std::vector<SegmentSpec>& segments,
                              const std::string& build_id_bytes, const std::string& path);
    TraceBuilder& module_unload(std::uint32_t tid, std::uint64_t ts, std::uint64_t load_bias);
    TraceBuilder& stack_node(std::uint32_t tid, std::uint64_t ts, std::uint32_t id,
                             std::uint32_t parent, std::uint64_t ip);
    TraceBuilder& thread_start(std::uint32_t tid, std::uint64_t ts);
    TraceBuilder& thread_name(std::uint32_t tid, std::uint64_t ts, const std::string& name);
    TraceBuilder& thread_exit(std::uint32_t tid, std::uint64_t ts);
    TraceBuilder& rss(std::uint32_t tid, std::uint64_t ts, std::uint64_t bytes);
    TraceBuilder& mark(std::uint32_t tid, std::uint64_t ts, const std::string& label);
    TraceBuilder& fork(std::uint32_t tid, std::uint64_t ts, std::uint64_t child_pid);
    TraceBuilder& process_exit(std::uint32_t tid, std::uint64_t ts, format::ExitHow how,
                               std::uint64_t value, std::uint64_t max_rss);
    TraceBuilder& lost_events(std::uint32_t tid, std::uint64_t ts, std::uint64_t count);
    // Any record: payload holds the fields after ts_delta, already encoded.
    TraceBuilder& raw_record(std::uint32_t tid, std::uint64_t ts, std::uint8_t type,
                             const std::vector<std::uint8_t>& payload);

    // Closes tid's open chunk (if it has records) and appends it to the file.
    TraceBuilder& flush(std::uint32_t tid);
    // Closes each thread's chunk after this many records (0 = only on flush).
    TraceBuilder& records_per_chunk(std::size_t n);
    // Writes chunks column-coded, as the recorder does (rows by default).
    TraceBuilder& column_chunks(format::ColumnTiming timing);

    // Flushes every open chunk (in ascending tid order) and returns the file;
    // with clean_end, the end-of-trace chunk is appended.
    std::vector<std::uint8_t> finish(bool clean_end = true);
    // The encoded records of tid's open chunk (empty when none is open).
    std::vector<std::uint8_t> pending_records(std::uint32_t tid) const;
    // Offsets of every chunk header written so far, in file order.
    const std::vector<std::uint64_t>& chunk_offsets() const { return chunk_offsets_; }

    // Writes finish()'s result to path.
    void write(const std::string& path, bool clean_end = true);

  private:
    struct OpenChunk {
        std::vector<std::uint8_t> records;
        std::uint64_t base_ts = 0;
        std::uint64_t base_addr = 0;
        std::uint64_t last_ts = 0;
        std::uint64_t t_begin = 0;
        format::AddressDelta address;
        std::uint32_t events = 0;
        std::uint32_t allocs = 0;
        std::uint32_t frees = 0;
    };
    OpenChunk& chunk_for(std::uint32_t tid, std::uint64_t ts);
    TraceBuilder& append_payload(std::uint32_t tid, std::uint64_t ts, std::uint8_t type,
                                 const std::vector<std::uint8_t>& payload);

    TraceHeaderSpec spec_;
    std::vector<std::uint8_t> file_;
    std::map<std::uint32_t, OpenChunk> open_;
    std::vector<std::uint64_t> chunk_offsets_;
    std::size_t records_per_chunk_ = 0;
    bool columns_ = false;
    format::ColumnTiming timing_ = format::ColumnTiming::kExact;
    bool finished_ = false;
};

// Encoders and repair helpers for tests that damage files on purpose.
std::vector<std::uint8_t> encode_file_header(const TraceHeaderSpec& spec);
void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v);
// Recomputes the header CRC after a test edited header bytes.
void reseal_file_header(std::vector<std::uint8_t>& file);
// Recomputes the CRC of the chunk header at offset after a test edited it.
void reseal_chunk_header(std::vector<std::uint8_t>& file, std::uint64_t offset);
// zstd frame with content size and checksum, as the recorder writes it.
std::vector<std::uint8_t> zstd_frame(const std::vector<std::uint8_t>& raw);

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes);

}  // namespace memscope::testing
