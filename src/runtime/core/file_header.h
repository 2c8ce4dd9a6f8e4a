// The trace file header (format/file_layout.h): the fixed 80 bytes, then the
// hostname, executable path and command line as u32-length strings, sealed
// with a CRC-32 over everything after the CRC field.
#pragma once

#include <cstdint>

namespace memscope::runtime {

struct HeaderFields {
    std::uint32_t pid = 0;
    std::uint32_t ppid = 0;
    std::int32_t rank = -1;
    std::uint32_t page_size = 0;
    std::uint64_t start_monotonic_ns = 0;
    std::uint64_t start_realtime_ns = 0;
    std::uint64_t time_resolution_ns = 1;
    std::uint32_t mode = 0;  // format::RecordMode
    std::uint64_t sample_rate_bytes = 0;
    const char* hostname = "";
    std::uint32_t hostname_length = 0;
    const char* executable = "";
    std::uint32_t executable_length = 0;
    const char* command_line = "";  // arguments separated by NUL
    std::uint32_t command_line_length = 0;
};

// Writes the header into out; returns its size, or 0 if capacity is too small.
std::uint32_t build_file_header(const HeaderFields& fields, std::uint8_t* out,
                                std::uint32_t capacity);

}  // namespace memscope::runtime
