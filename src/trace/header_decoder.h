// Validation and decoding of the file header (fixed part plus its strings).
#pragma once

#include <cstdint>

#include "trace/trace_file.h"
#include "trace/trace_reader.h"

namespace memscope::trace {

struct DecodedHeader {
    TraceHeader header;
    std::uint64_t size = 0;  // bytes the header occupies; the first chunk starts here
};

// Throws TraceError naming the file when it is not a trace, has another major
// version, or its header fails the size or CRC checks.
DecodedHeader decode_header(const TraceFile& file);

}  // namespace memscope::trace
