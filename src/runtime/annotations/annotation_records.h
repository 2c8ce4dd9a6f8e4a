// Encoding of the annotation records that carry more than record_encoder.h's
// plain shapes: pool create (two integers and a name) and pool alloc (four
// integers). Layouts as in src/format/record_types.h.
#pragma once

#include <cstdint>

#include "runtime/core/record_encoder.h"

namespace memscope::runtime {

inline bool put_pool_create(RecordStream& s, std::uint64_t ts, std::uint64_t pool,
                            std::uint64_t capacity, const char* name, std::uint32_t length) {
    std::uint8_t* at = reserve(s, kLargeRecordOverhead + 4 * format::kMaxVarintBytes + length);
    if (at == nullptr) return false;
    LargeRecord r(at, format::RecordType::kPoolCreate, s, ts);
    r.varint(pool);
    r.varint(capacity);
    r.bytes(name, length);
    commit(s, r.finish());
    return true;
}

inline bool put_pool_alloc(RecordStream& s, std::uint64_t ts, std::uint64_t pool,
                           std::uint64_t address, std::uint64_t size, std::uint32_t stack) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kPoolAlloc, s, ts);
    r.varint(pool);
    r.varint(address);
    r.varint(size);
    r.varint(stack);
    commit(s, r.finish());
    return true;
}

}  // namespace memscope::runtime
