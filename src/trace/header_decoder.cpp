#include "trace/header_decoder.h"

#include <cstring>
#include <string_view>
#include <vector>

#include "format/crc32.h"
#include "format/file_layout.h"

namespace memscope::trace {

namespace {

// Splits the NUL-separated command line; a trailing NUL does not add an argument.
std::vector<std::string> split_command_line(std::string_view text) {
    std::vector<std::string> args;
    while (!text.empty()) {
        const auto nul = text.find('\0');
        args.emplace_back(text.substr(0, nul));
        if (nul == std::string_view::npos) break;
        text.remove_prefix(nul + 1);
    }
    return args;
}

class HeaderStrings {
  public:
    HeaderStrings(const std::vector<char>& bytes, std::size_t offset)
        : bytes_(bytes), offset_(offset) {}

    bool next(std::string& out) {
        std::uint32_t len = 0;
        if (bytes_.size() - offset_ < sizeof len) return false;
        std::memcpy(&len, bytes_.data() + offset_, sizeof len);
        offset_ += sizeof len;
        if (bytes_.size() - offset_ < len) return false;
        out.assign(bytes_.data() + offset_, len);
        offset_ += len;
        return true;
    }

  private:
    const std::vector<char>& bytes_;
    std::size_t offset_;
};

}  // namespace

std::uint32_t check_header_fixed_part(const format::FileHeaderFixed& fixed,
                                      const std::string& name) {
    if (std::memcmp(fixed.magic, format::kFileMagic, sizeof fixed.magic) != 0)
        throw TraceError(name + " is not a memscope trace");
    if (fixed.version_major < format::kOldestReadableVersionMajor ||
        fixed.version_major > format::kVersionMajor) {
        throw TraceError(name + ": unsupported trace version " +
                         std::to_string(fixed.version_major) + "." +
                         std::to_string(fixed.version_minor) + " (this memscope reads versions " +
                         std::to_string(format::kOldestReadableVersionMajor) + " to " +
                         std::to_string(format::kVersionMajor) + ")");
    }
    if (fixed.header_size < sizeof fixed || fixed.header_size > format::kMaxHeaderSize)
        throw TraceError(name + ": trace header is corrupt");
    return fixed.header_size;
}

DecodedHeader decode_header(const TraceFile& file) {
    const std::string& path = file.path();
    format::FileHeaderFixed fixed{};
    if (!file.read_at(0, &fixed, sizeof fixed)) throw TraceError(path + " is not a memscope trace");
    const std::uint32_t size = check_header_fixed_part(fixed, path);
    std::vector<char> bytes(size);
    if (size > file.size() || !file.read_at(0, bytes.data(), bytes.size()))
        throw TraceError(path + ": trace header is corrupt");
    return decode_header_bytes(bytes, path);
}

DecodedHeader decode_header_bytes(const std::vector<char>& bytes, const std::string& name) {
    format::FileHeaderFixed fixed{};
    if (bytes.size() < sizeof fixed) throw TraceError(name + " is not a memscope trace");
    std::memcpy(&fixed, bytes.data(), sizeof fixed);
    check_header_fixed_part(fixed, name);
    const std::string corrupt = name + ": trace header is corrupt";
    if (bytes.size() != fixed.header_size) throw TraceError(corrupt);
    const std::uint32_t crc = format::crc32(bytes.data() + format::kFileHeaderCrcStart,
                                            bytes.size() - format::kFileHeaderCrcStart);
    if (crc != fixed.header_crc) throw TraceError(corrupt);

    DecodedHeader out;
    out.size = fixed.header_size;
    TraceHeader& h = out.header;
    h.version_major = fixed.version_major;
    h.version_minor = fixed.version_minor;
    h.pid = fixed.pid;
    h.ppid = fixed.ppid;
    h.rank = fixed.rank;
    h.page_size = fixed.page_size;
    h.mode = static_cast<format::RecordMode>(fixed.mode);
    h.sample_rate_bytes = fixed.sample_rate_bytes;
    h.start_monotonic_ns = fixed.start_monotonic_ns;
    h.start_realtime_ns = fixed.start_realtime_ns;
    h.time_resolution_ns =
        fixed.version_major >= 2 && fixed.time_resolution_ns > 1 ? fixed.time_resolution_ns : 1;

    HeaderStrings strings(bytes, sizeof fixed);
    std::string command_line;
    if (!strings.next(h.hostname) || !strings.next(h.executable) || !strings.next(command_line)) {
        throw TraceError(corrupt);
    }
    h.command_line = split_command_line(command_line);
    return out;
}

}  // namespace memscope::trace
