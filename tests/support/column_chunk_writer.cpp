#include "support/column_chunk_writer.h"

#include <cstring>

#include "format/address_model_storage.h"

#include "support/trace_builder.h"

namespace memscope::testing {

bool encode_rows_as_columns(const std::vector<std::uint8_t>& rows, std::uint64_t chain_ts,
                            std::uint64_t chain_address, std::uint32_t allocations,
                            const format::ColumnSettings& settings, EncodedColumns& out) {
    const std::uint32_t slots =
        format::AddressModel::slots_for(format::kAddressModelMaxAllocations);
    format::AddressModelStorage model(true);
    std::vector<std::uint32_t> histogram(format::kDurationHistogramKeys);
    ColumnStreams scratch;
    format::ColumnEncoderMemory memory;
    for (unsigned i = 0; i < format::kColumnStreamCount; ++i) {
        scratch[i].resize(4 * rows.size() + 64);
        memory.streams[i].data = scratch[i].data();
        memory.streams[i].capacity = static_cast<std::uint32_t>(scratch[i].size());
    }
    memory.model = model.memory(slots);
    memory.histogram = histogram.data();
    format::ColumnEncoder encoder;
    encoder.set_memory(&memory);
    const auto frees = static_cast<std::uint32_t>(rows.size() / 4);
    if (!encoder.encode(rows.data(), rows.data() + rows.size(), chain_ts, chain_address,
                        allocations, frees, settings, out.facts))
        return false;
    for (unsigned i = 0; i < format::kColumnStreamCount; ++i)
        out.streams[i].assign(scratch[i].begin(), scratch[i].begin() + memory.streams[i].size);
    return true;
}

std::vector<std::uint8_t> column_chunk(const ColumnStreams& streams, std::uint32_t tid,
                                       format::ColumnTiming timing, std::uint64_t base_ts,
                                       std::uint64_t t_begin, std::uint64_t t_end,
                                       std::uint32_t alloc_count) {
    std::vector<std::uint8_t> payload;
    payload.push_back(format::kColumnLayoutVersion);
    payload.push_back(timing == format::ColumnTiming::kCompact ? format::kCompactTimeShift : 0);
    payload.push_back(static_cast<std::uint8_t>(timing));
    payload.push_back(format::kColumnAddressWidth);
    put_varint(payload, format::kDefaultOutlierThresholdNs);
    payload.push_back(format::kColumnStreamCount);
    std::vector<std::vector<std::uint8_t>> packed;
    std::uint64_t raw_total = 0;
    for (const auto& s : streams) {
        packed.push_back(s.empty() ? std::vector<std::uint8_t>{} : zstd_frame(s));
        put_varint(payload, s.size());
        put_varint(payload, packed.back().size());
        raw_total += s.size();
    }
    for (const auto& p : packed) payload.insert(payload.end(), p.begin(), p.end());
    format::ChunkHeader h{};
    h.compressed_size = static_cast<std::uint32_t>(payload.size());
    h.raw_size = static_cast<std::uint32_t>(raw_total);
    h.tid = tid;
    h.flags = format::kChunkColumns;
    h.alloc_count = alloc_count;
    h.base_ts = base_ts;
    h.t_begin = t_begin;
    h.t_end = t_end;
    format::seal_chunk_header(h);
    std::vector<std::uint8_t> chunk(sizeof h + payload.size());
    std::memcpy(chunk.data(), &h, sizeof h);
    std::memcpy(chunk.data() + sizeof h, payload.data(), payload.size());
    return chunk;
}

}  // namespace memscope::testing
