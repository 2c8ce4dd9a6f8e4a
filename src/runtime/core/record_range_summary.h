// What a chunk header says about the records it carries. The writer computes it
// by walking the records of a buffer range, continuing the timestamp and
// address-delta chains from where the previous chunk of that buffer stopped.
#pragma once

#include <cstdint>

namespace memscope::runtime {

struct DeltaChains {
    std::uint64_t ts = 0;
    std::uint64_t address = 0;
};

struct RecordRangeSummary {
    std::uint32_t records = 0;
    std::uint32_t allocs = 0;  // alloc + realloc records
    std::uint32_t frees = 0;
    std::uint64_t t_begin = 0;
    std::uint64_t t_end = 0;
    DeltaChains end;     // chains after the last record
    bool valid = false;  // false if the bytes do not parse as whole records
};

RecordRangeSummary summarize_records(const std::uint8_t* begin, const std::uint8_t* end,
                                     DeltaChains start);

}  // namespace memscope::runtime
