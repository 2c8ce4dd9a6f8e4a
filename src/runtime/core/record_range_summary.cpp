#include "runtime/core/record_range_summary.h"

#include "format/record_types.h"
#include "format/varint.h"

namespace memscope::runtime {

RecordRangeSummary summarize_records(const std::uint8_t* begin, const std::uint8_t* end,
                                     DeltaChains start) {
    using format::RecordType;
    RecordRangeSummary s;
    s.end = start;
    s.t_begin = start.ts;
    s.t_end = start.ts;
    format::AddressDelta address;
    address.previous = start.address;
    format::ByteCursor in(begin, end);
    while (!in.at_end()) {
        const auto type = static_cast<RecordType>(in.byte());
        const std::uint64_t len = in.varint();
        if (in.failed() || len > in.remaining()) return s;
        const std::uint8_t* payload = in.bytes(static_cast<std::size_t>(len));
        format::ByteCursor rec(payload, payload + len);
        s.end.ts += rec.varint();
        switch (type) {
            case RecordType::kAlloc:
                rec.varint();  // func
                address.decode(rec.svarint());
                ++s.allocs;
                break;
            case RecordType::kFree:
                address.decode(rec.svarint());
                ++s.frees;
                break;
            case RecordType::kRealloc:
                rec.varint();  // func
                address.decode(rec.svarint());
                address.decode(rec.svarint());
                ++s.allocs;
                break;
            default:
                break;
        }
        if (rec.failed()) return s;
        if (s.records == 0) s.t_begin = s.end.ts;
        s.t_end = s.end.ts;
        ++s.records;
    }
    s.end.address = address.previous;
    s.valid = true;
    return s;
}

}  // namespace memscope::runtime
