#include "fuzz_input.h"

#include <cstring>

#include "format/file_layout.h"
#include "support/column_chunk_writer.h"
#include "support/trace_builder.h"

namespace memscope::fuzzing {

namespace {

void append_chunk(std::vector<std::uint8_t>& file, std::uint32_t tid, std::uint64_t base_ts,
                  const std::uint8_t* records, std::size_t size) {
    const std::vector<std::uint8_t> raw(records, records + size);
    const std::vector<std::uint8_t> frame = testing::zstd_frame(raw);
    format::ChunkHeader h{};
    h.compressed_size = static_cast<std::uint32_t>(frame.size());
    h.raw_size = static_cast<std::uint32_t>(raw.size());
    h.tid = tid;
    h.base_ts = base_ts;
    h.base_addr = 0x5500'0000'0000;
    h.t_begin = base_ts;
    h.t_end = base_ts;
    format::seal_chunk_header(h);
    const auto* p = reinterpret_cast<const std::uint8_t*>(&h);
    file.insert(file.end(), p, p + sizeof h);
    file.insert(file.end(), frame.begin(), frame.end());
}

void append_end(std::vector<std::uint8_t>& file) {
    format::ChunkHeader end{};
    end.flags = format::kChunkEnd;
    format::seal_chunk_header(end);
    const auto* p = reinterpret_cast<const std::uint8_t*>(&end);
    file.insert(file.end(), p, p + sizeof end);
}

std::vector<std::uint8_t> column_chunk_file(const std::uint8_t* data, std::size_t size,
                                            std::uint8_t mode) {
    testing::ColumnStreams streams;
    for (auto& s : streams) {
        if (size < 2) break;
        std::size_t len = data[0] | (std::size_t{data[1]} << 8);
        data += 2;
        size -= 2;
        if (len > size) len = size;
        s.assign(data, data + len);
        data += len;
        size -= len;
    }
    const auto timing =
        (mode & kCompactTimingBit) ? format::ColumnTiming::kCompact : format::ColumnTiming::kExact;
    const auto allocs = static_cast<std::uint32_t>(streams[format::kStreamKinds].size());
    std::vector<std::uint8_t> file = testing::encode_file_header(testing::TraceHeaderSpec{});
    const std::vector<std::uint8_t> chunk = testing::column_chunk(
        streams, 1, timing, 1'000'000'000, 1'000'000'000, 1'000'000'000, allocs);
    file.insert(file.end(), chunk.begin(), chunk.end());
    append_end(file);
    return file;
}

}  // namespace

std::vector<std::uint8_t> trace_file_for(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return {};
    const std::uint8_t mode = data[0];
    ++data;
    --size;
    if ((mode & 3) == kColumnStreamsMode) return column_chunk_file(data, size, mode);
    if ((mode & kRecordStreamMode) == 0) return {data, data + size};

    std::vector<std::uint8_t> file = testing::encode_file_header(testing::TraceHeaderSpec{});
    const std::size_t chunks = 1 + (mode >> 1) % 4;
    const std::size_t part = size / chunks;
    for (std::size_t i = 0; i < chunks && size > 0; ++i) {
        const std::size_t len = (i + 1 == chunks) ? size - part * i : part;
        if (len > 0)
            append_chunk(file, static_cast<std::uint32_t>(i + 1), 1'000'000'000 + i * 10,
                         data + part * i, len);
    }
    append_end(file);
    return file;
}

}  // namespace memscope::fuzzing
