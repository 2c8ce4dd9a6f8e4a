// Validation and decoding of the file header (fixed part plus its strings).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/file_layout.h"
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

// The same for a header held in memory (a stream: bytes.size() is the fixed
// part's header_size); name stands for the source in messages.
DecodedHeader decode_header_bytes(const std::vector<char>& bytes, const std::string& name);

// Checks the fixed part alone (magic, version, header_size bounds) and
// returns header_size: how many bytes the whole header takes.
std::uint32_t check_header_fixed_part(const format::FileHeaderFixed& fixed,
                                      const std::string& name);

}  // namespace memscope::trace
