#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "support/event_log.h"
#include "support/temp_dir.h"
#include "support/trace_builder.h"
#include "trace/trace_reader.h"

namespace memscope {
namespace {

using testing::EventLog;
using testing::TempDir;
using testing::TraceBuilder;

// Three chunks of one thread: allocations at 10, 20 and 30 (us after start).
TraceBuilder three_chunks() {
    TraceBuilder b;
    const std::uint64_t t0 = 1'000'000'000;
    b.alloc(1, t0 + 10, 0x1000, 16).flush(1);
    b.alloc(1, t0 + 20, 0x2000, 32).flush(1);
    b.alloc(1, t0 + 30, 0x3000, 64).flush(1);
    return b;
}

struct ReadOutcome {
    std::vector<std::uint64_t> sizes;
    bool truncated = false;
    std::string reason;
    std::size_t chunks = 0;
};

ReadOutcome read_sizes(const std::string& path) {
    trace::TraceReader reader(path);
    EventLog log;
    reader.read_events(log);
    ReadOutcome out;
    for (const auto& e : log.events) out.sizes.push_back(e.event.size);
    out.truncated = reader.truncated();
    out.reason = reader.truncation_reason();
    out.chunks = reader.chunks().size();
    return out;
}

using Sizes = std::vector<std::uint64_t>;

TEST(TraceTruncation, CleanTraceIsNotTruncated) {
    TempDir dir;
    three_chunks().write(dir.file("t"));
    const ReadOutcome r = read_sizes(dir.file("t"));
    EXPECT_EQ(r.sizes, (Sizes{16, 32, 64}));
    EXPECT_FALSE(r.truncated);
    EXPECT_EQ(r.reason, "");
    EXPECT_EQ(r.chunks, 3u);
}

TEST(TraceTruncation, MissingEndMarker) {
    TempDir dir;
    three_chunks().write(dir.file("t"), /*clean_end=*/false);
    const ReadOutcome r = read_sizes(dir.file("t"));
    EXPECT_EQ(r.sizes, (Sizes{16, 32, 64}));
    EXPECT_TRUE(r.truncated);
    EXPECT_EQ(r.reason, "the trace ends without its end marker (the recorder did not finish)");
}

TEST(TraceTruncation, CutInsideThirdChunkPayloadKeepsFirstTwo) {
    TempDir dir;
    TraceBuilder b = three_chunks();
    auto bytes = b.finish(false);
    const std::uint64_t third = b.chunk_offsets()[2];
    bytes.resize(third + format::kChunkHeaderSize + 3);
    testing::write_bytes(dir.file("t"), bytes);
    const ReadOutcome r = read_sizes(dir.file("t"));
    EXPECT_EQ(r.sizes, (Sizes{16, 32}));
    EXPECT_TRUE(r.truncated);
    EXPECT_EQ(r.reason, "chunk 2 at offset " + std::to_string(third) +
                            " is incomplete (its payload extends past the end)");
}

TEST(TraceTruncation, CutInsideChunkHeader) {
    TempDir dir;
    TraceBuilder b = three_chunks();
    auto bytes = b.finish(false);
    const std::uint64_t second = b.chunk_offsets()[1];
    bytes.resize(second + 20);
    testing::write_bytes(dir.file("t"), bytes);
    const ReadOutcome r = read_sizes(dir.file("t"));
    EXPECT_EQ(r.sizes, (Sizes{16}));
    EXPECT_EQ(r.reason, "chunk 1 at offset " + std::to_string(second) + " is incomplete");
}

TEST(TraceTruncation, GarbageChunkHeaderStopsTheIndex) {
    TempDir dir;
    TraceBuilder b = three_chunks();
    auto bytes = b.finish();
    const std::uint64_t second = b.chunk_offsets()[1];
    bytes[second + 30] ^= 0x40;  // inside the CRC-covered part
    testing::write_bytes(dir.file("t"), bytes);
    const ReadOutcome r = read_sizes(dir.file("t"));
    EXPECT_EQ(r.sizes, (Sizes{16}));
    EXPECT_TRUE(r.truncated);
    EXPECT_EQ(r.reason, "chunk 1 at offset " + std::to_string(second) + " has a corrupt header");
}

TEST(TraceTruncation, OversizedChunkIsRejectedEvenWithValidCrc) {
    TempDir dir;
    TraceBuilder b = three_chunks();
    auto bytes = b.finish();
    const std::uint64_t first = b.chunk_offsets()[0];
    const std::uint32_t raw = format::kMaxChunkRawSize + 1;
    std::memcpy(bytes.data() + first + offsetof(format::ChunkHeader, raw_size), &raw, 4);
    testing::reseal_chunk_header(bytes, first);
    testing::write_bytes(dir.file("t"), bytes);
    const ReadOutcome r = read_sizes(dir.file("t"));
    EXPECT_TRUE(r.sizes.empty());
    EXPECT_EQ(r.reason, "chunk 0 at offset " + std::to_string(first) + " has a corrupt header");
}

TEST(TraceTruncation, CorruptPayloadStopsAtThatChunk) {
    TempDir dir;
    TraceBuilder b = three_chunks();
    auto bytes = b.finish();
    const std::uint64_t second = b.chunk_offsets()[1];
    // Damage the middle of the zstd frame; its checksum catches it.
    bytes[second + format::kChunkHeaderSize + 8] ^= 0xff;
    testing::write_bytes(dir.file("t"), bytes);
    const ReadOutcome r = read_sizes(dir.file("t"));
    EXPECT_EQ(r.sizes, (Sizes{16}));
    EXPECT_TRUE(r.truncated);
    const std::string prefix = "chunk 1 at offset " + std::to_string(second) + " is corrupt: ";
    EXPECT_EQ(r.reason.substr(0, prefix.size()), prefix) << r.reason;
}

TEST(TraceTruncation, RecordsThatDoNotParseStopThere) {
    TempDir dir;
    TraceBuilder b;
    const std::uint64_t t0 = 1'000'000'000;
    b.alloc(1, t0 + 1, 0x1000, 8);
    b.alloc(1, t0 + 2, 0x2000, 9);
    // An alloc record whose payload ends after its func field.
    b.raw_record(1, t0 + 3, static_cast<std::uint8_t>(format::RecordType::kAlloc), {0});
    b.alloc(1, t0 + 4, 0x3000, 10);
    b.alloc(2, t0 + 2, 0x9000, 100);
    b.alloc(2, t0 + 9, 0x9100, 200);
    b.write(dir.file("t"));
    const ReadOutcome r = read_sizes(dir.file("t"));
    // Reading stops at the bad record: nothing after it in time is delivered.
    EXPECT_EQ(r.sizes, (Sizes{8, 9}));
    EXPECT_TRUE(r.truncated);
    EXPECT_EQ(r.reason, "chunk 0 at offset " + std::to_string(b.chunk_offsets()[0]) +
                            " is corrupt: record 2: the record's fields are cut short");
}

TEST(TraceTruncation, RecordLengthPastChunkEndIsCorrupt) {
    TempDir dir;
    TraceBuilder b;
    b.alloc(1, 1'000'000'001, 0x1000, 8);
    b.write(dir.file("t"));
    // Rebuild the chunk with a record whose length claims more than the chunk holds.
    std::vector<std::uint8_t> records = {static_cast<std::uint8_t>(format::RecordType::kFree), 50,
                                         0};
    auto bytes = b.finish();
    const std::uint64_t first = b.chunk_offsets()[0];
    format::ChunkHeader h{};
    std::memcpy(&h, bytes.data() + first, sizeof h);
    const auto frame = testing::zstd_frame(records);
    h.compressed_size = static_cast<std::uint32_t>(frame.size());
    h.raw_size = static_cast<std::uint32_t>(records.size());
    format::seal_chunk_header(h);
    std::vector<std::uint8_t> rebuilt(bytes.begin(), bytes.begin() + static_cast<long>(first));
    const auto* hp = reinterpret_cast<const std::uint8_t*>(&h);
    rebuilt.insert(rebuilt.end(), hp, hp + sizeof h);
    rebuilt.insert(rebuilt.end(), frame.begin(), frame.end());
    testing::write_bytes(dir.file("t2"), rebuilt);
    const ReadOutcome r = read_sizes(dir.file("t2"));
    EXPECT_TRUE(r.sizes.empty());
    EXPECT_EQ(r.reason, "chunk 0 at offset " + std::to_string(first) +
                            " is corrupt: record 0: the record runs past the end of the chunk");
}

}  // namespace
}  // namespace memscope
