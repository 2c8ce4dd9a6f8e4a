// Encoding of aggregate mode's two records (src/format/record_types.h): the
// run's heap totals, then one site-totals record per allocation stack.
#pragma once

#include <cstdint>

#include "runtime/core/record_encoder.h"
#include "runtime/core/site_totals_table.h"

namespace memscope::runtime {

// Type, length, ts delta and nine fields: at most 2 + 10 * 10 bytes.
inline constexpr std::uint32_t kSiteTotalsRoom = 112;

inline bool put_site_totals(RecordStream& s, std::uint64_t ts, const SiteFigures& f) {
    std::uint8_t* at = reserve(s, kSiteTotalsRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kSiteTotals, s, ts);
    r.varint(f.stack_id);
    r.varint(f.allocations);
    r.varint(f.allocated_bytes);
    r.varint(f.free_calls);
    r.varint(f.temporary);
    r.varint(f.peak_bytes);
    r.varint(f.peak_blocks);
    r.varint(f.leaked_bytes);
    r.varint(f.leaked_blocks);
    commit(s, r.finish());
    return true;
}

struct RunFigures {
    std::uint64_t peak_bytes = 0;
    std::uint64_t peak_ts = 0;  // CLOCK_MONOTONIC ns, 0 when the heap never grew
    std::uint64_t unknown_frees = 0;
    std::uint64_t site_count = 0;
};

inline bool put_run_totals(RecordStream& s, std::uint64_t ts, const RunFigures& f) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kRunTotals, s, ts);
    r.varint(f.peak_bytes);
    r.varint(f.peak_ts);
    r.varint(f.unknown_frees);
    r.varint(f.site_count);
    commit(s, r.finish());
    return true;
}

}  // namespace memscope::runtime
