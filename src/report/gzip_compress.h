// gzip (RFC 1952) in memory with zlib: pprof profiles are stored gzipped.
#pragma once

#include <string>
#include <string_view>

namespace memscope::report {

// Throws std::runtime_error when zlib fails (out of memory).
std::string gzip_compress(std::string_view data);

}  // namespace memscope::report
