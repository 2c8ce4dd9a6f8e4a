#include "runtime/core/file_header.h"

#include <cstring>

#include "format/file_layout.h"

namespace memscope::runtime {

namespace {

std::uint8_t* put_string(std::uint8_t* p, const char* s, std::uint32_t length) {
    std::memcpy(p, &length, sizeof(length));
    p += sizeof(length);
    if (length != 0) std::memcpy(p, s, length);
    return p + length;
}

}  // namespace

std::uint32_t build_file_header(const HeaderFields& f, std::uint8_t* out, std::uint32_t capacity) {
    const std::uint64_t size = sizeof(format::FileHeaderFixed) + 12 +
                               std::uint64_t{f.hostname_length} + f.executable_length +
                               f.command_line_length;
    if (size > capacity || size > format::kMaxHeaderSize) return 0;
    format::FileHeaderFixed h;
    std::memset(&h, 0, sizeof(h));
    std::memcpy(h.magic, format::kFileMagic, sizeof(h.magic));
    h.version_major = format::kVersionMajor;
    h.version_minor = format::kVersionMinor;
    h.header_size = static_cast<std::uint32_t>(size);
    h.pid = f.pid;
    h.ppid = f.ppid;
    h.rank = f.rank;
    h.page_size = f.page_size;
    h.mode = f.mode;
    h.flags = 0;
    h.pointer_size = sizeof(void*);
    h.sample_rate_bytes = f.sample_rate_bytes;
    h.start_monotonic_ns = f.start_monotonic_ns;
    h.start_realtime_ns = f.start_realtime_ns;
    h.time_resolution_ns = f.time_resolution_ns;
    std::memcpy(out, &h, sizeof(h));
    std::uint8_t* p = out + sizeof(h);
    p = put_string(p, f.hostname, f.hostname_length);
    p = put_string(p, f.executable, f.executable_length);
    put_string(p, f.command_line, f.command_line_length);
    const std::uint32_t crc = format::crc32(out + format::kFileHeaderCrcStart,
                                            h.header_size - format::kFileHeaderCrcStart);
    std::memcpy(out + format::kFileHeaderCrcOffset, &crc, sizeof(crc));
    return h.header_size;
}

}  // namespace memscope::runtime
